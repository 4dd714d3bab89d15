import { OrderStatus } from '../saga/saga.messages';

/** Longest range one sales report may cover, in days. */
export const SALES_REPORT_MAX_DAYS = 366;

/**
 * What `from` and `to` of a sales report may look like: a UTC day (`2026-10-01`, midnight UTC)
 * or an ISO-8601 instant with a zone (`2026-10-01T12:00:00Z`, `…+02:00`). The gateway checks the
 * shape, `orders` checks it again along with the range.
 */
export const SALES_REPORT_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** `orders.reports.sales`: the orders placed in [from, to). */
export interface SalesReportRequest {
  from: string;
  to: string;
  /**
   * When the asker stops waiting (ISO-8601). `orders` bounds the report's statements by it and
   * skips a request that is already past it (nobody would read the answer).
   */
  replyBy?: string;
}

/** Money in the report is in cents of {@link SalesReport.currency}. */
export interface SalesReport {
  /** The range actually reported, half-open [from, to), as ISO-8601 UTC instants. */
  from: string;
  to: string;
  currency: string;
  /** Orders placed in the range, whatever became of them. */
  orders: number;
  /** Those orders by their current status; every status is listed, 0 when none. */
  ordersByStatus: Record<OrderStatus, number>;
  /** Sales: the orders placed in the range that are COMPLETED. */
  completed: {
    orders: number;
    units: number;
    /** What the customers paid: items plus shipping. */
    revenueCents: number;
    itemsRevenueCents: number;
  };
  /** One entry per UTC day with orders placed, ascending; revenue of the completed ones. */
  byDay: { day: string; orders: number; completedOrders: number; revenueCents: number }[];
  /** Best-selling SKUs of the completed orders by item revenue, at most {@link SALES_REPORT_TOP_SKUS}. */
  topProducts: { sku: string; name: string; units: number; revenueCents: number }[];
  /** Where the figures come from. */
  source: string;
}

/** How many SKUs `topProducts` lists. */
export const SALES_REPORT_TOP_SKUS = 10;
