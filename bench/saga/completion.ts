// The fleet's kafkajs fix, so that the bench's and the floor's clients cost what the fleet's do.
import '../../libs/platform/src/kafka/kafkajs-idle-loop-fix';

import { Admin, Consumer, Kafka, logLevel } from 'kafkajs';

/** The event the fleet publishes when an order's saga completes (libs/contracts: ORDER_EVENT_TOPIC.completed). */
export const ORDER_COMPLETED_TOPIC = 'orders.completed';

export interface Completion {
  /** The saga's completion time, server time (the event's `completedAt`). */
  finishedAt: number;
  status: string;
}

/**
 * Learns that an order's saga completed from the `orders.completed` event, read by a consumer
 * group of the bench's own: no request goes through the gateway or `orders`, and the only extra
 * work the fleet's side sees is the broker serving one more fetch per batch of events. An order
 * whose saga ends otherwise (compensated, failed: no event) is resolved by `fallback` once it has
 * waited `timeoutMs`.
 */
export class CompletionWatcher {
  private readonly waiting = new Map<string, (c: Completion) => void>();
  private readonly early = new Map<string, Completion>();
  private readonly consumer: Consumer;
  timedOut = 0;

  constructor(
    private readonly kafka: Kafka,
    private readonly fallback: (orderId: string) => Promise<Completion>,
    private readonly timeoutMs: number,
  ) {
    this.consumer = kafka.consumer({
      groupId: `bench-saga-${process.pid}-${Date.now()}`,
      maxWaitTimeInMs: 3_000, // as the fleet's consumers: its idle fetches load the broker it measures
      sessionTimeout: 10_000,
      heartbeatInterval: 3_000,
    });
  }

  /** Joins the group and returns once the consumer fetches, so no event after this is missed. */
  async start(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [ORDER_COMPLETED_TOPIC], fromBeginning: false });
    const fetching = new Promise<void>((resolve) => {
      const off = this.consumer.on(this.consumer.events.FETCH_START, () => {
        off();
        resolve();
      });
    });
    await this.consumer.run({
      autoCommit: false,
      eachMessage: async ({ message }) => {
        const event = JSON.parse(message.value?.toString() ?? '{}') as { orderId?: string; completedAt?: string };
        if (!event.orderId || !event.completedAt) return;
        const completion = { finishedAt: Date.parse(event.completedAt), status: 'COMPLETED' };
        const resolve = this.waiting.get(event.orderId);
        if (resolve) {
          this.waiting.delete(event.orderId);
          resolve(completion);
        } else this.early.set(event.orderId, completion);
      },
    });
    await fetching;
  }

  untilFinal(orderId: string): Promise<Completion> {
    const early = this.early.get(orderId);
    if (early) {
      this.early.delete(orderId);
      return Promise.resolve(early);
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        if (!this.waiting.delete(orderId)) return;
        this.timedOut++;
        void this.fallback(orderId).then(resolve);
      }, this.timeoutMs);
      this.waiting.set(orderId, (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }
}

export function benchKafka(brokers: string, clientId: string): Kafka {
  return new Kafka({ clientId, brokers: brokers.split(','), logLevel: logLevel.WARN });
}

/** Messages ever written to each topic (sum of its partitions' high watermarks). */
export async function topicOffsets(admin: Admin): Promise<Map<string, number>> {
  const topics = (await admin.listTopics()).filter((t) => !t.startsWith('__'));
  const result = new Map<string, number>();
  for (const topic of topics) {
    const partitions = await admin.fetchTopicOffsets(topic);
    result.set(
      topic,
      partitions.reduce((sum, p) => sum + Number(p.high), 0),
    );
  }
  return result;
}

/** Messages written per topic between two {@link topicOffsets} readings (topics with none left out). */
export function offsetDelta(before: Map<string, number>, after: Map<string, number>): Map<string, number> {
  const delta = new Map<string, number>();
  for (const [topic, high] of after) {
    const n = high - (before.get(topic) ?? 0);
    if (n > 0) delta.set(topic, n);
  }
  return delta;
}
