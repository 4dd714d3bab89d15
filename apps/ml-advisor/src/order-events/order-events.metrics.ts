import { Injectable } from '@nestjs/common';
import { MetricsService } from '@shop/platform';
import { Counter } from 'prom-client';

/** What became of each `orders.completed` the advisor received. */
export type OrderEventOutcome = 'recorded' | 'duplicate' | 'invalid' | 'failed';

const NAME = 'advisor_order_events_total';

/**
 * `advisor_order_events_total{outcome}`: how many completed orders entered the history, how many
 * redeliveries the inbox absorbed, how many malformed or failed events were left out.
 */
@Injectable()
export class OrderEventsMetrics {
  private readonly events: Counter<'outcome'>;

  constructor(metrics: MetricsService) {
    // Tests create several apps in one process; prom-client refuses a second metric of one name.
    this.events =
      (metrics.registry.getSingleMetric(NAME) as Counter<'outcome'> | undefined) ??
      new Counter({
        name: NAME,
        help: 'orders.completed events by outcome (recorded, duplicate, invalid, failed)',
        labelNames: ['outcome'],
        registers: [metrics.registry],
      });
  }

  count(outcome: OrderEventOutcome): void {
    this.events.inc({ outcome });
  }
}
