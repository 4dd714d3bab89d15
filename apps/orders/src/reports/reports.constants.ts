/** Injection token of the reports' own mysql2 pool (see reports.module.ts). */
export const REPORTS_POOL = Symbol('REPORTS_POOL');

/**
 * Connections of the reports' pool: one. Reports are the only users of that pool and the saga
 * never touches it, so however heavy a report is it can hold at most this one connection of
 * the database, never one the order writes need; a second report waits for the first.
 */
export const REPORTS_POOL_SIZE = 1;

/** Reports that may wait for the connection; more are refused at once rather than piling up. */
export const REPORTS_QUEUE_LIMIT = 8;

/**
 * Longest a report may hold the connection, whatever its asker allows: every statement of a
 * report runs with the time left of this budget as its server-side statement timeout.
 */
export const REPORT_MAX_MS = 4_000;

/** The shop sells in one currency (the gateway prices every order in EUR); revenue is summed in it. */
export const REPORT_CURRENCY = 'EUR';
