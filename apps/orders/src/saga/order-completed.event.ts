import { ORDER_EVENTS_CONTRACT_VERSION, OrderCompletedEvent, orderCompletedEventId } from '@shop/contracts';

import { toCents } from '../orders/money';

/** The columns of `orders` the event needs. */
export interface CompletedOrderRow {
  id: string;
  customer_id: string;
  /** DECIMAL(12,2) as the driver returns it; set once shipping is quoted, before completion. */
  total: string | number | null;
}

/** The columns of `order_lines` the event needs. */
export interface CompletedOrderLineRow {
  sku: string;
  quantity: number | string;
  unit_price: string | number;
}

/** `orders.completed` for an order whose saga completed at `completedAt`. */
export function orderCompletedEvent(
  order: CompletedOrderRow,
  lines: readonly CompletedOrderLineRow[],
  completedAt: Date,
): OrderCompletedEvent {
  return {
    version: ORDER_EVENTS_CONTRACT_VERSION,
    eventId: orderCompletedEventId(order.id),
    orderId: order.id,
    customerId: order.customer_id,
    lines: lines.map((l) => ({ sku: l.sku, quantity: Number(l.quantity), unitPriceCents: toCents(l.unit_price) })),
    totalCents: toCents(order.total ?? 0),
    completedAt: completedAt.toISOString(),
  };
}
