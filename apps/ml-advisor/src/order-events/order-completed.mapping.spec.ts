import { anOrderCompletedEvent } from '@shop/contracts/testing';

import { orderLineRows } from './order-completed.mapping';

describe('orderLineRows', () => {
  it('makes one history row per product of the order, at its completion time', () => {
    expect(orderLineRows(anOrderCompletedEvent())).toEqual([
      {
        orderId: 'o-1',
        customerId: 'c-1',
        productId: 'CAT-TREE-XL',
        quantity: 1,
        unitPriceCents: 14900,
        orderedAt: new Date('2026-11-25T10:00:00.000Z'),
      },
      {
        orderId: 'o-1',
        customerId: 'c-1',
        productId: 'DOG-FOOD-12KG',
        quantity: 2,
        unitPriceCents: 5490,
        orderedAt: new Date('2026-11-25T10:00:00.000Z'),
      },
    ]);
  });

  it('sums an SKU that appears on two lines into one row', () => {
    const rows = orderLineRows(
      anOrderCompletedEvent({
        lines: [
          { sku: 'A', quantity: 1, unitPriceCents: 100 },
          { sku: 'B', quantity: 1, unitPriceCents: 5 },
          { sku: 'A', quantity: 2, unitPriceCents: 100 },
        ],
      }),
    );
    expect(rows.map((r) => [r.productId, r.quantity])).toEqual([
      ['A', 3],
      ['B', 1],
    ]);
  });
});
