import { requestReplyTopics, TopicSpec } from '../topic-spec';

/**
 * Request-reply topics of the order saga's public API: the gateway asks, a service answers on
 * `gateway.replies`. One partition each, like the status topics.
 */
export const SAGA_REQUESTS = {
  /** gateway → inventory: prices and weights of SKUs (unknown SKUs are named in the answer). */
  lookupProducts: 'inventory.products.lookup',
  /** gateway → orders: place an order (idempotent on the Idempotency-Key). */
  placeOrder: 'orders.place',
  /** gateway → orders: one order with its saga. */
  getOrder: 'orders.get',
  /** gateway → orders: sagas by status, for operators. */
  listSagas: 'orders.sagas.list',
  getSaga: 'orders.sagas.get',
  /** gateway → orders: dead letters and their replay. */
  listDeadLetters: 'orders.dead-letters.list',
  replayDeadLetter: 'orders.dead-letters.replay',
} as const;

/**
 * Asynchronous saga traffic. Commands are keyed by saga id so that the commands of one saga stay
 * in order on one partition; every participant answers on `saga.replies`.
 */
export const SAGA_TOPIC = {
  inventoryCommands: 'saga.inventory.commands',
  paymentCommands: 'saga.payments.commands',
  notificationCommands: 'saga.notifications.commands',
  replies: 'saga.replies',
  /** Messages that still failed after their retries, from any service; `orders` keeps them for operators. */
  deadLetters: 'saga.dead-letters',
} as const;

/** Partitions of the asynchronous saga topics (two orders replicas can share the work). */
export const SAGA_PARTITIONS = 3;

/** Topics of the order saga (commands to participants, their replies, events, dead letters). */
export const SAGA_TOPICS: readonly TopicSpec[] = [
  ...requestReplyTopics(Object.values(SAGA_REQUESTS), 1),
  ...Object.values(SAGA_TOPIC).map((topic) => ({ topic, numPartitions: SAGA_PARTITIONS })),
];

// The saga's message and API contracts are exported through this file, which the lib's index
// already re-exports.
export * from './saga.api';
export * from './saga.messages';
