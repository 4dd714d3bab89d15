/** Name of the write-behind store behind the delivery log (Redis keys, Bull queue, `store` metric label). */
export const DELIVERY_LOG_STORE = 'delivery-log';

export const DELIVERY_OUTCOMES = ['sent', 'failed', 'queued'] as const;
export type DeliveryOutcome = (typeof DELIVERY_OUTCOMES)[number];

/** Page size of `GET /delivery-log`: default and upper bound. */
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1_000;
