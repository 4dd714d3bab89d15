import { KafkaOptions, ServerKafka } from '@nestjs/microservices';

export type KafkaConsumerState = 'starting' | 'joined' | 'rebalancing' | 'disconnected' | 'crashed' | 'stopped';

/**
 * Nest's Kafka server, plus knowledge of whether its consumer has really joined its group.
 * Nest reports `connected` as soon as the TCP connection is up, which is before the group join;
 * readiness must wait for the join, or the first requests would sit unconsumed.
 */
export class TrackedServerKafka extends ServerKafka {
  consumerState: KafkaConsumerState = 'starting';
  lastError: string | undefined;

  constructor(options: Required<KafkaOptions>['options']) {
    super(options);
  }

  protected override registerConsumerEventListeners(): void {
    super.registerConsumerEventListeners();
    if (!this.consumer) return;
    const { events } = this.consumer;
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
