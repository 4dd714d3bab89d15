import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { HealthIndicatorService } from '@nestjs/terminus';
import { ApiResult, CORRELATION_ID_HEADER, GATEWAY_REPLY_TOPIC, TOPICS } from '@shop/contracts';
import {
  currentCorrelationId,
  FAST_CONSUMER,
  kafkaClientConfig,
  MetricsService,
  ReadinessRegistry,
  resultOf,
} from '@shop/platform';
import { DEADLINE_HEADER, deadlineHeaderValue, remainingMs, runWithDeadline } from '@shop/resilience';
import { firstValueFrom, Observable } from 'rxjs';

import { CommittingClientKafka } from './committing-client-kafka';

/** How long a request without a time limit of its own waits for its reply. */
const REQUEST_DEADLINE_MS = 5_000;

/** Request topics the gateway sends to: every request-reply topic of the contract. */
const REQUEST_TOPICS = TOPICS.filter((t) => t.requestReply).map((t) => t.topic);

/**
 * Kafka request-reply for the gateway, on Nest's ClientKafka. Adds the correlation id header,
 * counts produced messages, and is ready only once its reply consumer has been assigned the
 * reply topic (before that, a reply would have nowhere to arrive). Every answer comes on the one
 * reply topic, GATEWAY_REPLY_TOPIC.
 */
@Injectable()
export class KafkaRequestClient implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(KafkaRequestClient.name);
  private readonly client: CommittingClientKafka;

  constructor(
    config: ConfigService,
    private readonly metrics: MetricsService,
    private readonly readiness: ReadinessRegistry,
    private readonly indicator: HealthIndicatorService,
  ) {
    this.client = new CommittingClientKafka({
      client: kafkaClientConfig('gateway', config.getOrThrow<string>('KAFKA_BROKERS')),
      consumer: { groupId: 'gateway', ...FAST_CONSUMER },
      producer: { allowAutoTopicCreation: false },
    });
  }

  onModuleInit(): void {
    for (const topic of REQUEST_TOPICS) this.client.subscribeToResponseOf(topic);
    this.readiness.register('kafka-replies', () => this.repliesReadiness());
    // Connect in the background: start-up must not hang on a missing broker; readiness tells.
    this.client
      .connect()
      .catch((error: Error) => this.logger.error(`Kafka client failed to connect: ${error.message}`));
  }

  /**
   * Sends `payload` to `topic` and resolves with the reply. Cancelling is the caller's job
   * (an AbortSignal): ClientKafka drops the pending reply handler when we unsubscribe. The
   * deadline in force (see `runWithDeadline`) travels in the `x-deadline` header.
   */
  async request<TReply>(topic: string, payload: object, signal?: AbortSignal): Promise<TReply> {
    const headers: Record<string, string> = { [CORRELATION_ID_HEADER]: currentCorrelationId() ?? '' };
    // The answering service drops the request unread once this has passed (no one waits for it).
    const deadline = deadlineHeaderValue();
    if (deadline !== undefined) headers[DEADLINE_HEADER] = deadline;
    const reply$ = this.client.send<TReply>(topic, { value: payload, headers });
    try {
      const reply = await firstValueFrom(reply$.pipe(abortWith(signal)));
      this.metrics.countKafkaMessage(topic, 'produced', 'replied');
      return reply;
    } catch (error) {
      this.metrics.countKafkaMessage(topic, 'produced', signal?.aborted ? 'no_reply' : 'error');
      throw error;
    }
  }

  /**
   * One request-reply answered with an `ApiResult`, as the gateway's features ask: its data, or
   * its error value as HTTP; no answer is 503 naming `service`. Without `signal` the request gets
   * REQUEST_DEADLINE_MS (the client's own, shorter `x-timeout-ms` wins); with one, the caller's
   * resilience policy owns the time limit and answers its abort itself.
   */
  ask<T>(service: string, topic: string, payload: object, signal?: AbortSignal): Promise<T> {
    if (signal) return resultOf(service, this.request<ApiResult<T>>(topic, payload, signal), () => signal.aborted);
    return resultOf(
      service,
      runWithDeadline(Date.now() + REQUEST_DEADLINE_MS, () =>
        this.request<ApiResult<T>>(topic, payload, AbortSignal.timeout(remainingMs() ?? REQUEST_DEADLINE_MS)),
      ),
    );
  }

  private repliesReadiness() {
    const assigned = this.client.getConsumerAssignments();
    const session = this.indicator.check('kafka-replies');
    return assigned[GATEWAY_REPLY_TOPIC] !== undefined
      ? session.up()
      : session.down({ waitingForAssignment: [GATEWAY_REPLY_TOPIC] });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}

/** Completes the source with an error when `signal` aborts, unsubscribing from it. */
function abortWith<T>(signal: AbortSignal | undefined) {
  return (source: Observable<T>): Observable<T> =>
    new Observable<T>((subscriber) => {
      if (signal?.aborted) {
        subscriber.error(signal.reason);
        return;
      }
      const onAbort = () => subscriber.error(signal?.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      const subscription = source.subscribe(subscriber);
      return () => {
        signal?.removeEventListener('abort', onAbort);
        subscription.unsubscribe();
      };
    });
}
