/** Name of the write-behind store behind the activity log (Redis keys, Bull queue, `store` metric label). */
export const ACTIVITY_LOG_STORE = 'activity-logs';

/** Severity levels a client may log at. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Longest message accepted, in characters. */
export const MAX_MESSAGE_LENGTH = 2_000;
/** Largest `context` accepted, as UTF-8 bytes of its JSON. */
export const MAX_CONTEXT_BYTES = 8 * 1024;
/** Page size of `GET /api/logs`: default and upper bound. */
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;
/**
 * Entries accepted but not yet in MySQL before writes are refused with 503. At ~1 kB per entry
 * this bounds the log's share of Redis memory to roughly 100 MB during a MySQL outage.
 */
export const MAX_BACKLOG = 100_000;
