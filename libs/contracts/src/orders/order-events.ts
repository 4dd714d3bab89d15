import { TopicSpec } from '../topic-spec';

/**
 * Events the orders service publishes about orders (version 1), through its transactional
 * outbox: an event leaves if and only if the state change it reports committed. Delivery is at
 * least once (the outbox relay may publish a row again after a crash), so every event carries a
 * deterministic `eventId` that consumers record in their inbox.
 */
export const ORDER_EVENTS_CONTRACT_VERSION = 1;

export const ORDER_EVENT_TOPIC = {
  /** An order's saga finished COMPLETED (paid, stock sold). Keyed by order id. Compensated and failed orders publish nothing. */
  completed: 'orders.completed',
} as const;

/** Partitions of the order-event topics (keyed by order id, so one order's events stay in order). */
export const ORDER_EVENT_PARTITIONS = 3;

export const ORDER_EVENT_TOPICS: readonly TopicSpec[] = Object.values(ORDER_EVENT_TOPIC).map((topic) => ({
  topic,
  numPartitions: ORDER_EVENT_PARTITIONS,
}));

/** One line of a completed order, at the price the customer paid. */
export interface OrderCompletedLine {
  sku: string;
  quantity: number;
  unitPriceCents: number;
}

/** `orders.completed`: a completed order, what it sold and for how much. */
export interface OrderCompletedEvent {
  version: typeof ORDER_EVENTS_CONTRACT_VERSION;
  /** Deterministic per order (see {@link orderCompletedEventId}): the consumers' idempotency key. */
  eventId: string;
  orderId: string;
  customerId: string;
  lines: OrderCompletedLine[];
  /** What the customer paid, shipping included. */
  totalCents: number;
  /** When the saga completed, ISO-8601. */
  completedAt: string;
}

/** An order completes at most once, so its order id names the event; a republished row keeps it. */
export const orderCompletedEventId = (orderId: string): string => `order-completed/${orderId}`;
