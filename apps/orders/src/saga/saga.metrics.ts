import { Injectable } from '@nestjs/common';
import { SagaStatus } from '@shop/contracts';
import { Counter, Histogram, register } from 'prom-client';

/** Saga counters on the app's `/metrics` (prom-client's global registry, like MetricsService). */
@Injectable()
export class SagaMetrics {
  readonly started: Counter;
  private readonly finishedTotal: Counter<'status'>;
  private readonly duration: Histogram<'status'>;

  constructor() {
    this.started =
      (register.getSingleMetric('saga_started_total') as Counter | undefined) ??
      new Counter({ name: 'saga_started_total', help: 'Order sagas started' });
    this.finishedTotal =
      (register.getSingleMetric('saga_finished_total') as Counter<'status'> | undefined) ??
      new Counter({
        name: 'saga_finished_total',
        help: 'Order sagas finished, by final status',
        labelNames: ['status'],
      });
    this.duration =
      (register.getSingleMetric('saga_duration_seconds') as Histogram<'status'> | undefined) ??
      new Histogram({
        name: 'saga_duration_seconds',
        help: 'Time from order placement to the saga’s final state',
        labelNames: ['status'],
        buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      });
  }

  finished(status: SagaStatus, startedAt: Date): void {
    this.finishedTotal.inc({ status });
    this.duration.observe({ status }, (Date.now() - startedAt.getTime()) / 1000);
  }
}
