import { SALES_REPORT_TOP_SKUS } from '@shop/contracts';

import { TimedSelect } from './reports.database';
import { SalesReportRows } from './sales-report.assemble';
import { ReportRange } from './sales-report.range';

// Orders placed in [from, to): `ix_orders_created` serves this range. Bound as Unix times (see ReportsDatabase).
const PLACED_IN_RANGE = 'o.created_at >= FROM_UNIXTIME(?) AND o.created_at < FROM_UNIXTIME(?)';
// A sale: a completed order in the shop's currency.
const SALE = 'o.status = ? AND o.currency = ?';

/**
 * The rows of a sales report, read with `select` (one snapshot, under the report's time limit).
 * Every value comes in as a parameter; money is summed as DECIMAL and turned into cents by the
 * server, so no float rounding creeps in.
 */
export async function readSalesReportRows(
  select: TimedSelect,
  range: ReportRange,
  currency: string,
): Promise<SalesReportRows> {
  const placed = [range.from.getTime() / 1000, range.to.getTime() / 1000];
  const sale = ['COMPLETED', currency];
  const byStatus = await select<SalesReportRows['byStatus'][number]>(
    `SELECT o.status, COUNT(*) AS orders FROM orders o WHERE ${PLACED_IN_RANGE} GROUP BY o.status`,
    placed,
  );
  const byDay = await select<SalesReportRows['byDay'][number]>(
    `SELECT FLOOR(UNIX_TIMESTAMP(o.created_at) / 86400) AS day_number,
            COUNT(*) AS orders,
            SUM(CASE WHEN ${SALE} THEN 1 ELSE 0 END) AS completed_orders,
            ROUND(SUM(CASE WHEN ${SALE} THEN o.total ELSE 0 END) * 100) AS revenue_cents,
            ROUND(SUM(CASE WHEN ${SALE} THEN o.items_total ELSE 0 END) * 100) AS items_revenue_cents
       FROM orders o WHERE ${PLACED_IN_RANGE}
      GROUP BY day_number ORDER BY day_number`,
    [...sale, ...sale, ...sale, ...placed],
  );
  const [units] = await select<{ units: number | string | null }>(
    `SELECT SUM(l.quantity) AS units FROM orders o JOIN order_lines l ON l.order_id = o.id WHERE ${PLACED_IN_RANGE} AND ${SALE}`,
    [...placed, ...sale],
  );
  const topSkus = await select<SalesReportRows['topSkus'][number]>(
    `SELECT l.sku, MAX(l.name) AS name, SUM(l.quantity) AS units, ROUND(SUM(l.quantity * l.unit_price) * 100) AS revenue_cents
       FROM orders o JOIN order_lines l ON l.order_id = o.id
      WHERE ${PLACED_IN_RANGE} AND ${SALE}
      GROUP BY l.sku ORDER BY revenue_cents DESC, l.sku LIMIT ?`,
    [...placed, ...sale, SALES_REPORT_TOP_SKUS],
  );
  return { byStatus, byDay, completedUnits: units?.units ?? 0, topSkus };
}
