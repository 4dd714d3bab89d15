import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { KafkaContext, KafkaHeaders } from '@nestjs/microservices';
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
 * the message headers and counts the message by topic and outcome. A request whose asker's
 * deadline has passed before it was read is not handled at all (outcome `expired`): the asker
 * has dropped its reply handler, so the work would be wasted. Events and saga
 * commands have no asker waiting and are always handled. HTTP handlers pass straight through.
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
    if (deadline !== undefined && deadline <= Date.now() && headers[KafkaHeaders.REPLY_TOPIC] !== undefined) {
      this.metrics.countKafkaMessage(topic, 'consumed', 'expired');
      this.logger.warn({ msg: 'request not handled: its deadline passed before it was read', topic, correlationId });
      // Nest's Kafka server waits for a first value before it commits the message, so an empty
      // answer would stall the partition: answer with an error value no one is waiting for.
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
