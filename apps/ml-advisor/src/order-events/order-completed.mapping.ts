import { OrderCompletedEvent } from '@shop/contracts';

/** One row of the advisor's `order_lines`, the history it trains on. */
export interface OrderLineRow {
  orderId: string;
  customerId: string;
  productId: string;
  quantity: number;
  unitPriceCents: number;
  orderedAt: Date;
}

/**
 * The history rows of a completed order: one per product (the table's key is order and
 * product), so an SKU on two lines of one order counts once as a basket item, with its
 * quantities summed and the first line's price.
 */
export function orderLineRows(event: OrderCompletedEvent): OrderLineRow[] {
  const bySku = new Map<string, OrderLineRow>();
  for (const line of event.lines) {
    const row = bySku.get(line.sku);
    if (row) row.quantity += line.quantity;
    else {
      bySku.set(line.sku, {
        orderId: event.orderId,
        customerId: event.customerId,
        productId: line.sku,
        quantity: line.quantity,
        unitPriceCents: line.unitPriceCents,
        orderedAt: new Date(event.completedAt),
      });
    }
  }
  return [...bySku.values()];
}
