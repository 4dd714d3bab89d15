import { TopicSpec } from '../topic-spec';

/**
 * Topics of the ML advisor. None of its own: the gateway asks the advisor over HTTP (see
 * advisor.http.ts for why), and the advisor learns from `orders.completed`, which belongs to the
 * orders service (orders/order-events.ts).
 */
export const ADVISOR_TOPICS: readonly TopicSpec[] = [];

// The advisor's HTTP contract is exported with its topics, through the lib's one entry.
export * from './advisor.http';
