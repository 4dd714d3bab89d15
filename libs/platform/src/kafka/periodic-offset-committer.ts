import type { Consumer, EachMessagePayload, TopicPartitionOffset } from 'kafkajs';

/** How often handled offsets are committed. */
export const OFFSET_COMMIT_INTERVAL_MS = 1_000;

/**
 * Commits a consumer's offsets once a second instead of after every batch. With kafkajs'
 * autoCommit, each batch ends with an offset commit that is awaited before the next fetch; at the
 * fleet's load every message is a batch, so every request paid one more broker round trip on its
 * consumer, and the broker one more write, on the critical path.
 *
 * Messages handled since the last commit are delivered again after a crash or a rebalance. That
 * was already possible (at-least-once) and every consumer here allows it: commands and events are
 * deduplicated by the inbox, and a request answered twice is answered to a caller that ignores
 * the second reply.
 */
export class PeriodicOffsetCommitter {
  private readonly pending = new Map<string, TopicPartitionOffset>();
  private generation = 0;
  private timer: ReturnType<typeof setInterval> | undefined;
  private consumer: Pick<Consumer, 'commitOffsets'> | undefined;

  constructor(
    private readonly onError: (error: Error) => void,
    private readonly intervalMs = OFFSET_COMMIT_INTERVAL_MS,
  ) {}

  /**
   * Starts committing for `consumer` (run with `autoCommit: false`) and drops what is pending at
   * each rebalance of its group (see {@link forget}).
   */
  attach(consumer: Pick<Consumer, 'commitOffsets' | 'on' | 'events'>): void {
    this.start(consumer);
    consumer.on(consumer.events.GROUP_JOIN, () => this.forget());
  }

  /** Starts committing for `consumer` (run with `autoCommit: false`). */
  start(consumer: Pick<Consumer, 'commitOffsets'>): void {
    this.consumer = consumer;
    clearInterval(this.timer);
    this.timer = setInterval(() => void this.flush(), this.intervalMs);
    this.timer.unref();
  }

  /** `handle`, recording each message it handled without throwing (the consumer's `eachMessage`). */
  track<R>(handle: (payload: EachMessagePayload) => Promise<R>): (payload: EachMessagePayload) => Promise<R> {
    return async (payload) => {
      const result = await handle(payload);
      this.handled(payload.topic, payload.partition, payload.message.offset);
      return result;
    };
  }

  /** A message was handled: the partition's next offset to read is the one after it. */
  handled(topic: string, partition: number, offset: string): void {
    this.pending.set(`${topic}\u0000${partition}`, { topic, partition, offset: (BigInt(offset) + 1n).toString() });
  }

  /**
   * The group rebalanced: a partition may now belong to another member, which starts from the last
   * commit. Committing our older offset after its newer one would move it back, so ours are dropped
   * (their messages are delivered again, which consumers allow).
   */
  forget(): void {
    this.generation++;
    this.pending.clear();
  }

  async flush(): Promise<void> {
    if (!this.consumer || this.pending.size === 0) return;
    const offsets = [...this.pending.entries()];
    const generation = this.generation;
    this.pending.clear();
    try {
      await this.consumer.commitOffsets(offsets.map(([, offset]) => offset));
    } catch (error) {
      // Tried again at the next tick, unless a newer offset or a rebalance came meanwhile.
      if (generation === this.generation)
        for (const [key, offset] of offsets) if (!this.pending.has(key)) this.pending.set(key, offset);
      this.onError(error as Error);
    }
  }

  /** Commits what is left and stops (before the consumer disconnects). */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }
}
