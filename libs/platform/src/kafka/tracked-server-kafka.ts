import { KafkaHeaders, KafkaOptions, ServerKafka } from '@nestjs/microservices';
import { ApiResult, TOPICS } from '@shop/contracts';
import type { Consumer, ConsumerRunConfig, EachMessagePayload } from 'kafkajs';

import { ConsumerRestarter } from './consumer-restarter';
import { PeriodicOffsetCommitter } from './periodic-offset-committer';
import { guardAgainstPoison, MessageVerdict } from './poison-guard';

export type KafkaConsumerState = 'starting' | 'joined' | 'rebalancing' | 'disconnected' | 'crashed' | 'stopped';

/** Which of the app's handlers one Kafka server takes; the others are left to another server. */
export interface TopicSelection {
  /** Only these topics (a dedicated consumer). */
  only?: readonly string[];
  /** Every topic but these (the main consumer, when some topics have a consumer of their own). */
  except?: readonly string[];
}

/**
 * Nest's Kafka server, plus knowledge of whether its consumer has really joined its group.
 * Nest reports `connected` as soon as the TCP connection is up, which is before the group join;
 * readiness must wait for the join, or the first requests would sit unconsumed.
 *
 * With a {@link TopicSelection} it subscribes to part of the app's handlers only: Nest hands
 * every handler to every server, and a server subscribes to all it is handed.
 *
 * Offsets are committed once a second for the messages handled, not after every batch (see
 * {@link PeriodicOffsetCommitter}).
 *
 * A partition the group has no committed offset for is read from its start, except on request
 * topics of request-reply: saga commands, replies, events and dead letters published before the
 * group first committed (a new partition, a new group, a fleet whose producers ran first) must
 * not be skipped, while a request whose caller has long given up is better left unread.
 *
 * A consumer that kafkajs gives up on after a crash is started again ({@link ConsumerRestarter}).
 *
 * Every message is checked against its topic's contract before Nest parses it: a poison message
 * (not JSON, too large, an unknown version, a wrong shape) is dead-lettered with the reason and
 * the consumer goes on (see {@link guardAgainstPoison}); a refused request is answered with an
 * `INVALID_MESSAGE` error, so its asker does not wait for its deadline.
 */
export class TrackedServerKafka extends ServerKafka {
  consumerState: KafkaConsumerState = 'starting';
  lastError: string | undefined;
  readonly restarter = new ConsumerRestarter((message) => this.logger.warn(message));
  private readonly committer = new PeriodicOffsetCommitter((error) =>
    this.logger.warn(`offset commit failed (retried): ${error.message}`),
  );
  private runConfig: ConsumerRunConfig | undefined;

  constructor(
    options: Required<KafkaOptions>['options'],
    private readonly topics: TopicSelection = {},
  ) {
    super({ ...options, run: { ...options.run, autoCommit: false } });
  }

  override async bindEvents(consumer: Consumer): Promise<void> {
    const topics = [...this.messageHandlers.keys()];
    const requests = topics.filter(isRequestTopic);
    const durable = topics.filter((topic) => !isRequestTopic(topic));
    if (requests.length > 0) await consumer.subscribe({ topics: requests, fromBeginning: false });
    if (durable.length > 0) await consumer.subscribe({ topics: durable, fromBeginning: true });
    const handle = this.getMessageHandler();
    this.runConfig = {
      ...this.options.run,
      eachMessage: async (payload) => {
        await handle(payload);
      },
    };
    await consumer.run(this.runConfig);
  }

  override getMessageHandler(): (payload: EachMessagePayload) => Promise<unknown> {
    const guarded = guardAgainstPoison(super.getMessageHandler(), {
      // The client id names the consumer: `orders`, `orders-reports`, …
      service: this.options.client?.clientId ?? 'unknown',
      producer: () => this.producer,
      warn: (entry) => this.logger.warn(entry),
      onRefused: (payload, verdict) => this.answerRefusedRequest(payload, verdict),
    });
    return this.committer.track(guarded);
  }

  /** A refused request whose asker waits for an answer gets an error value, as a handler's would be. */
  private async answerRefusedRequest(
    { message }: EachMessagePayload,
    verdict: Extract<MessageVerdict, { ok: false }>,
  ): Promise<void> {
    const header = (name: string) => message.headers?.[name]?.toString();
    const correlationId = header(KafkaHeaders.CORRELATION_ID);
    const replyTopic = header(KafkaHeaders.REPLY_TOPIC);
    if (!correlationId || !replyTopic) return;
    const response: ApiResult<never> = {
      ok: false,
      error: { code: 'INVALID_MESSAGE', message: `${verdict.reason}: ${verdict.detail}` },
    };
    await this.sendMessage(
      { id: correlationId, response, isDisposed: true },
      replyTopic,
      header(KafkaHeaders.REPLY_PARTITION),
      correlationId,
      undefined as never,
    );
  }

  override async close(): Promise<void> {
    this.restarter.stop();
    await this.committer.stop();
    await super.close();
  }

  /** Whether this server takes the handler of `topic`. */
  handles(topic: string): boolean {
    if (this.topics.only && !this.topics.only.includes(topic)) return false;
    return !this.topics.except?.includes(topic);
  }

  override addHandler(...[pattern, callback, isEventHandler, extras]: Parameters<ServerKafka['addHandler']>): void {
    if (!this.handles(this.normalizePattern(pattern as Parameters<ServerKafka['normalizePattern']>[0]))) return;
    super.addHandler(pattern, callback, isEventHandler, extras);
  }

  protected override registerConsumerEventListeners(): void {
    super.registerConsumerEventListeners();
    if (!this.consumer) return;
    const { events } = this.consumer;
    this.committer.attach(this.consumer);
    this.restarter.attach(this.consumer, () => this.runConfig);
    this.consumer.on(events.GROUP_JOIN, () => (this.consumerState = 'joined'));
    this.consumer.on(events.REBALANCING, () => (this.consumerState = 'rebalancing'));
    this.consumer.on(events.DISCONNECT, () => (this.consumerState = 'disconnected'));
    this.consumer.on(events.STOP, () => (this.consumerState = 'stopped'));
    this.consumer.on(events.CRASH, (event) => {
      this.consumerState = 'crashed';
      this.lastError = event.payload.error?.message;
    });
  }
}

const REQUEST_TOPICS = new Set(TOPICS.filter((spec) => spec.requestReply).map((spec) => spec.topic));

function isRequestTopic(topic: string): boolean {
  return REQUEST_TOPICS.has(topic);
}
