import { TopicSpec } from '../topic-spec';

/**
 * Topics of the ML advisor. None yet: the gateway asks the advisor over HTTP (see
 * advisor.http.ts for why), and the advisor learns from its own order history until the saga
 * publishes order events it can consume.
 */
export const ADVISOR_TOPICS: readonly TopicSpec[] = [];

// The advisor's HTTP contract is exported with its topics, through the lib's one entry.
export * from './advisor.http';
