import { Logger } from '@nestjs/common';
import { ClientKafka } from '@nestjs/microservices';
import { GATEWAY_REPLY_TOPIC } from '@shop/contracts';
import { ConsumerRestarter, guardAgainstPoison, PeriodicOffsetCommitter } from '@shop/platform';
import type { ConsumerRunConfig, EachMessagePayload } from 'kafkajs';

/**
 * Nest's ClientKafka with two changes to its reply consumer:
 * - every request names the one reply topic, GATEWAY_REPLY_TOPIC, instead of Nest's
 *   `<request topic>.reply` (the consumer fetches one partition, not one per request topic;
 *   Nest matches replies to requests by correlation id, whatever topic they come on);
 * - it commits its offsets once a second instead of after every reply (see
 *   PeriodicOffsetCommitter): a reply no longer waits behind the previous reply's offset commit.
 *   A reply read twice after a restart finds no caller waiting and is dropped;
 * - a reply its contract refuses (not JSON, too large, a wrong shape) is dead-lettered with the
 *   reason and the consumer goes on, like every other consumer of the fleet (guardAgainstPoison);
 * and a reply consumer that kafkajs gives up on after a crash is started again (ConsumerRestarter).
 */
export class CommittingClientKafka extends ClientKafka {
  private readonly commitLogger = new Logger(CommittingClientKafka.name);
  private readonly committer = new PeriodicOffsetCommitter((error) =>
    this.commitLogger.warn(`offset commit failed (retried): ${error.message}`),
  );
  private readonly restarter = new ConsumerRestarter((message) => this.commitLogger.warn(message));

  constructor(options: ConstructorParameters<typeof ClientKafka>[0]) {
    super({ ...options, run: { ...options.run, autoCommit: false } });
  }

  override subscribeToResponseOf(pattern: unknown): void {
    // Each request topic would add the same reply topic again; Nest subscribes to the list as is.
    if (!this.responsePatterns.includes(GATEWAY_REPLY_TOPIC)) super.subscribeToResponseOf(pattern);
  }

  protected override getResponsePatternName(): string {
    return GATEWAY_REPLY_TOPIC;
  }

  override createResponseCallback(): (payload: EachMessagePayload) => Promise<unknown> {
    const guarded = guardAgainstPoison(super.createResponseCallback(), {
      service: 'gateway',
      producer: () => this._producer,
      warn: (entry) => this.commitLogger.warn(entry),
    });
    return this.committer.track(guarded);
  }

  protected override registerConsumerEventListeners(): void {
    super.registerConsumerEventListeners();
    if (!this._consumer) return;
    this.committer.attach(this._consumer);
    // Nest's bindTopics runs the consumer with options.run, to which it adds the reply callback.
    this.restarter.attach(this._consumer, () => {
      const run: ConsumerRunConfig | undefined = this.options.run;
      return run?.eachMessage ? run : undefined;
    });
  }

  override async close(): Promise<void> {
    this.restarter.stop();
    await this.committer.stop();
    await super.close();
  }
}
