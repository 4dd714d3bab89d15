import { Injectable } from '@nestjs/common';
import { Counter, register } from 'prom-client';

/** Stock counters on inventory's `/metrics` (prom-client's global registry, like MetricsService). */
@Injectable()
export class StockMetrics {
  /**
   * Units a paid order could not get because its commit came after its reservation expired and
   * the stock had been sold meanwhile. Anything above zero is an alert: those orders ship short.
   */
  readonly oversoldUnits: Counter;
  /** Commits that came after their reservation expired, by what inventory could do about it. */
  readonly lateCommits: Counter<'outcome'>;

  constructor() {
    this.oversoldUnits =
      (register.getSingleMetric('inventory_oversold_units_total') as Counter | undefined) ??
      new Counter({
        name: 'inventory_oversold_units_total',
        help: 'Units of paid orders that could not be re-reserved after their reservation expired (alert on > 0)',
      });
    this.lateCommits =
      (register.getSingleMetric('inventory_late_commits_total') as Counter<'outcome'> | undefined) ??
      new Counter({
        name: 'inventory_late_commits_total',
        help: 'Stock commits that arrived after their reservation expired, by outcome (re_reserved, oversold)',
        labelNames: ['outcome'],
      });
  }
}
