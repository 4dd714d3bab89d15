import { Injectable } from '@nestjs/common';
import { Gauge, Histogram, register } from 'prom-client';

import { OrderDomainError } from '../orders/orders.errors';
import { REPORTS_POOL_SIZE } from './reports.constants';

export type ReportOutcome = 'ok' | 'invalid' | 'timeout' | 'error';

function metric<T>(name: string, create: () => T): T {
  return (register.getSingleMetric(name) as T | undefined) ?? create();
}

/**
 * The reports' pool on `/metrics` (prom-client's global registry, like SagaMetrics): its size,
 * the reports in flight (running on its connection or queued for it) and how long they took.
 */
@Injectable()
export class ReportsMetrics {
  private active = 0;
  private readonly inFlightGauge = metric(
    'orders_reports_in_flight',
    () =>
      new Gauge({
        name: 'orders_reports_in_flight',
        help: 'Reports running on the reports connection or waiting for it',
      }),
  );
  private readonly duration = metric(
    'orders_report_duration_seconds',
    () =>
      new Histogram({
        name: 'orders_report_duration_seconds',
        help: 'Time to answer a report, waiting for the reports connection included, by outcome',
        labelNames: ['report', 'outcome'],
        buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8],
      }),
  );

  constructor() {
    metric(
      'orders_reports_pool_size',
      () =>
        new Gauge({
          name: 'orders_reports_pool_size',
          help: 'Connections of the reports’ own pool (the saga never uses it)',
        }),
    ).set(REPORTS_POOL_SIZE);
  }

  get inFlight(): number {
    return this.active;
  }

  /** Runs `work` counted in flight and timed under `report`. */
  async track<T>(report: string, work: () => Promise<T>): Promise<T> {
    this.active++;
    this.inFlightGauge.inc();
    const end = this.duration.startTimer({ report });
    let outcome: ReportOutcome = 'error';
    try {
      const result = await work();
      outcome = 'ok';
      return result;
    } catch (error) {
      outcome = outcomeOf(error);
      throw error;
    } finally {
      this.active--;
      this.inFlightGauge.dec();
      end({ outcome });
    }
  }
}

function outcomeOf(error: unknown): ReportOutcome {
  if (!(error instanceof OrderDomainError)) return 'error';
  return error.code === 'TIMEOUT' ? 'timeout' : error.code === 'VALIDATION' ? 'invalid' : 'error';
}
