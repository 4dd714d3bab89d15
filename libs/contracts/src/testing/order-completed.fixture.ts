import { ORDER_EVENTS_CONTRACT_VERSION, OrderCompletedEvent, orderCompletedEventId } from '../orders/order-events';

/**
 * An `orders.completed` event as the orders service publishes it, for tests of its consumers:
 * two lines (a cat tree and two bags of dog food), completed 2026-11-25 10:00 UTC.
 */
export function anOrderCompletedEvent(overrides: Partial<OrderCompletedEvent> = {}): OrderCompletedEvent {
  const orderId = overrides.orderId ?? 'o-1';
  return {
    version: ORDER_EVENTS_CONTRACT_VERSION,
    eventId: orderCompletedEventId(orderId),
    orderId,
    customerId: 'c-1',
    lines: [
      { sku: 'CAT-TREE-XL', quantity: 1, unitPriceCents: 14900 },
      { sku: 'DOG-FOOD-12KG', quantity: 2, unitPriceCents: 5490 },
    ],
    totalCents: 26380,
    completedAt: '2026-11-25T10:00:00.000Z',
    ...overrides,
  };
}
