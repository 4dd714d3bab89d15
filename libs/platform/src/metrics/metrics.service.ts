import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Histogram, register, Registry } from 'prom-client';

export type KafkaDirection = 'consumed' | 'produced';

/**
 * The app's Prometheus metrics. Uses prom-client's global registry so that libraries
 * (resilience policies, write-behind stores) registering there show up on the same `/metrics`.
 */
@Injectable()
export class MetricsService {
  readonly registry: Registry = register;

  readonly httpRequestDuration: Histogram<'method' | 'route' | 'status'>;
  readonly kafkaMessages: Counter<'topic' | 'direction' | 'outcome'>;

  constructor() {
    if (!this.registry.getSingleMetric('process_cpu_seconds_total')) collectDefaultMetrics({ register: this.registry });
    this.httpRequestDuration = this.getOrCreate(
      'http_request_duration_seconds',
      () =>
        new Histogram({
          name: 'http_request_duration_seconds',
          help: 'HTTP request duration in seconds, by method, route pattern and status code',
          labelNames: ['method', 'route', 'status'],
          buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
          registers: [this.registry],
        }),
    );
    this.kafkaMessages = this.getOrCreate(
      'kafka_messages_total',
      () =>
        new Counter({
          name: 'kafka_messages_total',
          help: 'Kafka messages handled, by topic, direction (consumed/produced) and outcome',
          labelNames: ['topic', 'direction', 'outcome'],
          registers: [this.registry],
        }),
    );
  }

  countKafkaMessage(topic: string, direction: KafkaDirection, outcome: string): void {
    this.kafkaMessages.inc({ topic, direction, outcome });
  }

  // Tests create several Nest apps in one process; prom-client refuses duplicate names.
  private getOrCreate<M>(name: string, create: () => M): M {
    return (this.registry.getSingleMetric(name) as M | undefined) ?? create();
  }
}
