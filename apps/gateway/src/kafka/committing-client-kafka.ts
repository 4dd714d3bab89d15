import { Logger } from '@nestjs/common';
import { ClientKafka } from '@nestjs/microservices';
import type { EachMessagePayload } from 'kafkajs';
import { PeriodicOffsetCommitter } from '@shop/platform';

/**
 * Nest's ClientKafka whose reply consumer commits its offsets once a second instead of after
 * every reply (see PeriodicOffsetCommitter): a reply no longer waits behind the previous reply's
 * offset commit. A reply read twice after a restart finds no caller waiting and is dropped.
 */
export class CommittingClientKafka extends ClientKafka {
  private readonly committer = new PeriodicOffsetCommitter((error) => new Logger(CommittingClientKafka.name).warn(`offset commit failed (retried): ${error.message}`));

  constructor(options: ConstructorParameters<typeof ClientKafka>[0]) {
    super({ ...options, run: { ...options.run, autoCommit: false } });
  }

  override createResponseCallback(): (payload: EachMessagePayload) => Promise<unknown> {
    return this.committer.track(super.createResponseCallback());
  }

  protected override registerConsumerEventListeners(): void {
    super.registerConsumerEventListeners();
    const consumer = this._consumer;
    if (!consumer) return;
    this.committer.start(consumer);
    consumer.on(consumer.events.GROUP_JOIN, () => this.committer.forget());
  }

  override async close(): Promise<void> {
    await this.committer.stop();
    await super.close();
  }
}
