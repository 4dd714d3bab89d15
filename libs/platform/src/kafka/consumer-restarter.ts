import type { Consumer, ConsumerCrashEvent, ConsumerRunConfig } from 'kafkajs';

/**
 * Starts a consumer again when kafkajs gives up on it. kafkajs restarts a crashed consumer only
 * after a retriable error; after a non-retriable one (`KafkaJSGroupCoordinatorNotFound` while a
 * restarted broker is still loading its groups, seen in the chaos suite) it leaves the consumer
 * stopped for good, and the process alive, serving HTTP and consuming nothing. The subscriptions
 * are kept by the consumer, so running it again with the same config resumes it. Tries again
 * after 1, 2, 4 … 30 s while that fails; a group join resets the backoff.
 */
export class ConsumerRestarter {
  /** Times the consumer was started again after kafkajs gave up on it. */
  restarts = 0;
  private timer: NodeJS.Timeout | undefined;
  private failedInARow = 0;
  private stopped = false;

  constructor(private readonly warn: (message: string) => void) {}

  /** Watches `consumer`; `runConfig` is what it was run with (undefined: not run yet, nothing to do). */
  attach(consumer: Pick<Consumer, 'on' | 'events' | 'run'>, runConfig: () => ConsumerRunConfig | undefined): void {
    consumer.on(consumer.events.GROUP_JOIN, () => (this.failedInARow = 0));
    consumer.on(consumer.events.CRASH, (event: ConsumerCrashEvent) => {
      if (!event.payload.restart) this.schedule(consumer, runConfig, event.payload.error?.message);
    });
  }

  /** No restart after this (the app is shutting down). */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private schedule(
    consumer: Pick<Consumer, 'run'>,
    runConfig: () => ConsumerRunConfig | undefined,
    why: string | undefined,
  ): void {
    if (this.timer || this.stopped || !runConfig()) return;
    const delayMs = Math.min(30_000, 1_000 * 2 ** this.failedInARow++);
    this.warn(`Kafka consumer stopped by kafkajs (${why ?? 'crash'}); starting it again in ${delayMs} ms`);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.stopped) return;
      this.restarts++;
      consumer.run(runConfig()).catch((error: Error) => this.schedule(consumer, runConfig, error.message));
    }, delayMs);
  }
}
