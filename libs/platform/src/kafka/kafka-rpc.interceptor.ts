import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { KafkaContext } from '@nestjs/microservices';
import { CORRELATION_ID_HEADER } from '@shop/contracts';
import { Observable, tap } from 'rxjs';

import { runWithCorrelationId } from '../logging/correlation';
import { MetricsService } from '../metrics/metrics.service';

/**
 * For every Kafka message handler: restores the correlation id from the message headers and
 * counts the message by topic and outcome. HTTP handlers pass straight through.
 */
@Injectable()
export class KafkaRpcInterceptor implements NestInterceptor {
  constructor(private readonly metrics: MetricsService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') return next.handle();
    const kafka = context.switchToRpc().getContext<KafkaContext>();
    const topic = kafka.getTopic();
    const header = kafka.getMessage().headers?.[CORRELATION_ID_HEADER];
    const correlationId = header === undefined ? undefined : String(header);
    // The handler runs when the observable is subscribed, so the scope must wrap the subscription.
    return new Observable((subscriber) =>
      runWithCorrelationId(correlationId, () =>
        next
          .handle()
          .pipe(
            tap({
              next: () => this.metrics.countKafkaMessage(topic, 'consumed', 'success'),
              error: () => this.metrics.countKafkaMessage(topic, 'consumed', 'error'),
            }),
          )
          .subscribe(subscriber),
      ),
    );
  }
}
