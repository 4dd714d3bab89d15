import { toCents } from '../orders/money';
import { orderCompletedEvent } from './order-completed.event';

describe('orderCompletedEvent', () => {
  const completedAt = new Date('2026-11-25T10:00:00.000Z');

  it('maps the order and its lines, prices in cents, with an event id derived from the order', () => {
    const event = orderCompletedEvent(
      { id: 'o-1', customer_id: 'c-1', total: '203.90' },
      [
        { sku: 'CAT-TREE-XL', quantity: 1, unit_price: '149.00' },
        { sku: 'DOG-FOOD-12KG', quantity: '2', unit_price: '54.90' },
      ],
      completedAt,
    );
    expect(event).toEqual({
      version: 1,
      eventId: 'order-completed/o-1',
      orderId: 'o-1',
      customerId: 'c-1',
      lines: [
        { sku: 'CAT-TREE-XL', quantity: 1, unitPriceCents: 14900 },
        { sku: 'DOG-FOOD-12KG', quantity: 2, unitPriceCents: 5490 },
      ],
      totalCents: 20390,
      completedAt: '2026-11-25T10:00:00.000Z',
    });
  });

  it('gives the same event id every time, so a republished event is recognised', () => {
    const row = { id: 'o-2', customer_id: 'c', total: 1 };
    expect(orderCompletedEvent(row, [], completedAt).eventId).toBe(orderCompletedEvent(row, [], new Date()).eventId);
  });
});

describe('toCents', () => {
  it('rounds to whole cents where float multiplication would not', () => {
    expect(4.35 * 100).not.toBe(435);
    expect(toCents('4.35')).toBe(435);
    expect(toCents(7.99)).toBe(799);
    expect(toCents('0.00')).toBe(0);
  });
});
