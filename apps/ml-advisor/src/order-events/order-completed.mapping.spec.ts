import { OrderCompletedEvent } from '@shop/contracts';
import { orderLineRows } from './order-completed.mapping';

const event = (overrides: Partial<OrderCompletedEvent> = {}): OrderCompletedEvent => ({
  version: 1,
  eventId: 'order-completed/o-1',
  orderId: 'o-1',
  customerId: 'c-1',
  lines: [
    { sku: 'CAT-TREE-XL', quantity: 1, unitPriceCents: 14900 },
    { sku: 'DOG-FOOD-12KG', quantity: 2, unitPriceCents: 5490 },
  ],
  totalCents: 26380,
  completedAt: '2026-11-25T10:00:00.000Z',
  ...overrides,
});

describe('orderLineRows', () => {
  it('makes one history row per product of the order, at its completion time', () => {
    expect(orderLineRows(event())).toEqual([
      { orderId: 'o-1', customerId: 'c-1', productId: 'CAT-TREE-XL', quantity: 1, unitPriceCents: 14900, orderedAt: new Date('2026-11-25T10:00:00.000Z') },
      { orderId: 'o-1', customerId: 'c-1', productId: 'DOG-FOOD-12KG', quantity: 2, unitPriceCents: 5490, orderedAt: new Date('2026-11-25T10:00:00.000Z') },
    ]);
  });

  it('sums an SKU that appears on two lines into one row', () => {
    const rows = orderLineRows(event({ lines: [{ sku: 'A', quantity: 1, unitPriceCents: 100 }, { sku: 'B', quantity: 1, unitPriceCents: 5 }, { sku: 'A', quantity: 2, unitPriceCents: 100 }] }));
    expect(rows.map((r) => [r.productId, r.quantity])).toEqual([
      ['A', 3],
      ['B', 1],
    ]);
  });
});
