import { requestReplyTopics, TopicSpec } from '../topic-spec';

/**
 * Request-reply topics of the reports, answered by `orders` from its own tables on a connection
 * pool of its own. One partition each, like the other request-reply topics.
 */
export const REPORT_REQUESTS = {
  /** gateway → orders: the sales report of a time range ({@link SalesReportRequest}). */
  sales: 'orders.reports.sales',
} as const;

export const REPORT_TOPICS: readonly TopicSpec[] = requestReplyTopics(Object.values(REPORT_REQUESTS), 1);

// The report payloads are exported with their topics, through the lib's one entry.
export * from './reports.api';
