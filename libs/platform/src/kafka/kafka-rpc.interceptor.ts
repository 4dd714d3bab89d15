import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { KafkaContext } from '@nestjs/microservices';
import { CORRELATION_ID_HEADER } from '@shop/contracts';
import { DEADLINE_HEADER, parseDeadlineHeader, runWithDeadline } from '@shop/resilience';
import { Observable, of, tap } from 'rxjs';

import { runWithCorrelationId } from '../logging/correlation';
import { MetricsService } from '../metrics/metrics.service';

const EXPIRED_REPLY = Object.freeze({
  ok: false,
  error: { code: 'DEADLINE_EXCEEDED', message: "the asker's deadline passed before the request was read" },
});

/**
 * For every Kafka message handler: restores the correlation id and the caller's deadline from
 * the message headers and counts the message by topic and outcome. A message whose deadline
 * (`x-deadline`) has passed before it was read is not handled at all (outcome `expired`): a
 * request's asker has dropped its reply handler, and a saga action's orchestrator gives the step
 * up at its deadline and compensates it, so the work would be wasted or undone. Events and
 * compensations carry no deadline and are always handled. HTTP handlers pass straight through.
 */
@Injectable()
export class KafkaRpcInterceptor implements NestInterceptor {
  private readonly logger = new Logger(KafkaRpcInterceptor.name);

  constructor(private readonly metrics: MetricsService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') return next.handle();
    const kafka = context.switchToRpc().getContext<KafkaContext>();
    const topic = kafka.getTopic();
    const headers = kafka.getMessage().headers ?? {};
    const header = headers[CORRELATION_ID_HEADER];
    const correlationId = header === undefined ? undefined : String(header);
    const deadline = parseDeadlineHeader(headers[DEADLINE_HEADER]);
    if (deadline !== undefined && deadline <= Date.now()) {
      this.metrics.countKafkaMessage(topic, 'consumed', 'expired');
      this.logger.warn({ msg: 'request not handled: its deadline passed before it was read', topic, correlationId });
      // Nest's Kafka server waits for a first value before it commits a request, so an empty
      // answer would stall the partition: answer with an error value no one is waiting for (an
      // event handler's value is ignored).
      return of(EXPIRED_REPLY);
    }
    // The handler runs when the observable is subscribed, so the scopes must wrap the subscription.
    return new Observable((subscriber) =>
      runWithCorrelationId(correlationId, () =>
        runWithDeadline(deadline, () =>
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
      ),
    );
  }
}
