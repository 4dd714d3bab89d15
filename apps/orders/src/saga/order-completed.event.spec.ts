import { toCents } from '../orders/money';
import { orderCompletedEvent } from './order-completed.event';

describe('orderCompletedEvent', () => {
  const completedAt = new Date('2026-11-25T10:00:00.000Z');

  it('maps the order context, prices in cents, with an event id derived from the order', () => {
    const event = orderCompletedEvent(
      'o-1',
      {
        customerId: 'c-1',
        lines: [
          { sku: 'CAT-TREE-XL', quantity: 1, unitPriceCents: 14900 },
          { sku: 'DOG-FOOD-12KG', quantity: 2, unitPriceCents: 5490 },
        ],
        totalCents: 20390,
      },
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
    const order = { customerId: 'c', lines: [], totalCents: 100 };
    expect(orderCompletedEvent('o-2', order, completedAt).eventId).toBe(
      orderCompletedEvent('o-2', order, new Date()).eventId,
    );
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
