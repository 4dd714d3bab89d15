import { ORDER_EVENTS_CONTRACT_VERSION, OrderCompletedEvent, orderCompletedEventId } from '@shop/contracts';

import { SagaOrderContext } from './saga.order-context';

/** `orders.completed` for an order whose saga completed at `completedAt`. */
export function orderCompletedEvent(
  orderId: string,
  order: Pick<SagaOrderContext, 'customerId' | 'lines' | 'totalCents'>,
  completedAt: Date,
): OrderCompletedEvent {
  return {
    version: ORDER_EVENTS_CONTRACT_VERSION,
    eventId: orderCompletedEventId(orderId),
    orderId,
    customerId: order.customerId,
    lines: order.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, unitPriceCents: l.unitPriceCents })),
    // Set when shipping is quoted (step 3), before completion.
    totalCents: order.totalCents ?? 0,
    completedAt: completedAt.toISOString(),
  };
}
