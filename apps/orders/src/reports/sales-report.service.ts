import { Injectable } from '@nestjs/common';
import { SalesReport, SalesReportRequest } from '@shop/contracts';

import { OrderDomainError } from '../orders/orders.errors';
import { REPORT_CURRENCY, REPORT_MAX_MS } from './reports.constants';
import { ReportsDatabase } from './reports.database';
import { ReportsMetrics } from './reports.metrics';
import { assembleSalesReport } from './sales-report.assemble';
import { parseReportRange } from './sales-report.range';
import { readSalesReportRows } from './sales-report.repository';

/** Sales reports from the orders' own tables, on the reports' connection only. */
@Injectable()
export class SalesReportService {
  constructor(
    private readonly db: ReportsDatabase,
    private readonly metrics: ReportsMetrics,
  ) {}

  /**
   * The report of the orders placed in [from, to). It may run until `replyBy` (when the asker
   * stops waiting) and never longer than REPORT_MAX_MS; a request already past `replyBy` is not
   * run at all.
   */
  sales(request: Partial<SalesReportRequest> | undefined, now = Date.now()): Promise<SalesReport> {
    return this.metrics.track('sales', async () => {
      const range = parseReportRange(request?.from, request?.to);
      const deadline = Math.min(now + REPORT_MAX_MS, replyByOf(request?.replyBy) ?? Infinity);
      if (deadline <= now) throw new OrderDomainError('TIMEOUT', 'the asker stopped waiting before the report started');
      const rows = await this.db.snapshot(deadline, (select) => readSalesReportRows(select, range, REPORT_CURRENCY));
      return assembleSalesReport(range, REPORT_CURRENCY, rows);
    });
  }
}

function replyByOf(replyBy: unknown): number | undefined {
  if (replyBy === undefined) return undefined;
  const at = typeof replyBy === 'string' ? Date.parse(replyBy) : Number.NaN;
  if (Number.isNaN(at)) throw new OrderDomainError('VALIDATION', 'replyBy must be an ISO-8601 instant', 'replyBy');
  return at;
}
