import { register } from 'prom-client';

import { OrderDomainError } from '../orders/orders.errors';
import { REPORT_MAX_MS } from './reports.constants';
import { ReportsDatabase } from './reports.database';
import { ReportsMetrics } from './reports.metrics';
import { SalesReportService } from './sales-report.service';

/** A reports database that records the deadline it was given and returns no rows. */
function fakeDatabase() {
  const deadlines: number[] = [];
  const db = {
    snapshot: async (deadline: number, work: (select: () => Promise<unknown[]>) => Promise<unknown>) => {
      deadlines.push(deadline);
      return work(async () => []);
    },
  };
  return { db: db as unknown as ReportsDatabase, deadlines };
}

const range = { from: '2026-10-01', to: '2026-11-01' };
const NOW = Date.parse('2026-11-25T10:00:00.000Z');

describe('SalesReportService', () => {
  beforeEach(() => register.clear());

  it('bounds the report by the asker’s replyBy when it is sooner than REPORT_MAX_MS, else by REPORT_MAX_MS', async () => {
    const { db, deadlines } = fakeDatabase();
    const service = new SalesReportService(db, new ReportsMetrics());
    await service.sales({ ...range, replyBy: new Date(NOW + 1_000).toISOString() }, NOW);
    await service.sales({ ...range, replyBy: new Date(NOW + 60_000).toISOString() }, NOW);
    await service.sales(range, NOW);
    expect(deadlines).toEqual([NOW + 1_000, NOW + REPORT_MAX_MS, NOW + REPORT_MAX_MS]);
  });

  it('names replyBy when it is not an instant', async () => {
    const { db, deadlines } = fakeDatabase();
    const error = await new SalesReportService(db, new ReportsMetrics())
      .sales({ ...range, replyBy: 'soon' }, NOW)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OrderDomainError);
    expect(error).toMatchObject({ code: 'VALIDATION', field: 'replyBy' });
    expect(deadlines).toEqual([]);
  });

  it('counts each report by outcome and leaves nothing in flight', async () => {
    const { db } = fakeDatabase();
    const metrics = new ReportsMetrics();
    const service = new SalesReportService(db, metrics);
    await service.sales(range, NOW);
    await service.sales({ from: 'x', to: 'y' }, NOW).catch(() => undefined);
    await service.sales({ ...range, replyBy: new Date(NOW - 1).toISOString() }, NOW).catch(() => undefined);
    const text = await register.metrics();
    for (const outcome of ['ok', 'invalid', 'timeout'])
      expect(text).toContain(`orders_report_duration_seconds_count{report="sales",outcome="${outcome}"} 1`);
    expect(text).toMatch(/^orders_reports_in_flight 0$/m);
    expect(text).toMatch(/^orders_reports_pool_size 1$/m);
    expect(metrics.inFlight).toBe(0);
  });
});
