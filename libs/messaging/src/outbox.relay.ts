import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { CORRELATION_ID_HEADER } from '@shop/contracts';
import {
  currentCorrelationId,
  inSpan,
  kafkaClientConfig,
  MetricsService,
  PLATFORM_OPTIONS,
  PlatformOptions,
  withTraceparent,
} from '@shop/platform';
import { Kafka, Producer } from 'kafkajs';
import { DataSource, EntitySubscriberInterface, QueryRunner } from 'typeorm';

import { OutboxRow, OutgoingMessage, runsByTraceContext, takeUncommitted, topicMessages } from './outbox.rows';

export type { OutgoingMessage } from './outbox.rows';
export { enqueueMessage, runsByTraceContext } from './outbox.rows';

const BATCH_SIZE = 200;
/** How often the safety net looks for rows the fast path did not publish. */
const POLL_INTERVAL_MS = 1_000;
/**
 * A row this old was not published by the process that wrote it (it died, or the publish failed):
 * the safety net takes it. Younger rows are still the fast path's, which deletes them within
 * {@link DELETE_DELAY_MS} of publishing.
 */
const ORPHAN_AGE_MS = 3_000;
/** Published rows are deleted in one statement per this interval, not one transaction each. */
const DELETE_DELAY_MS = 200;

/**
 * Relays the outbox to Kafka, at least once, in two ways:
 * - fast path: a transaction that wrote outbox rows hands them to the relay when it commits (a
 *   TypeORM subscriber; `enqueueMessage` keeps them per transaction); the relay publishes them at
 *   once, in commit order, and deletes the published ids in one statement every
 *   {@link DELETE_DELAY_MS}. No read of the outbox, no transaction per message.
 * - safety net: every {@link POLL_INTERVAL_MS} one cheap query looks for rows older than
 *   {@link ORPHAN_AGE_MS} (written by a process that died before publishing, or whose publish or
 *   delete failed); those are claimed with `FOR UPDATE SKIP LOCKED` (two replicas never take the
 *   same row at once), published and deleted in one transaction, as the relay always did.
 * A crash between publish and delete publishes a row again, which the consumers' inboxes absorb.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly producer: Producer;
  private connected = false;
  private draining = false;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** The producer is gone: rows committed after this are the next process's safety net's. */
  private closed = false;
  /** Committed rows waiting for the fast path, in commit order. */
  private ready: OutboxRow[] = [];
  private publishing: Promise<void> | undefined;
  private published: string[] = [];
  private deleteTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly metrics: MetricsService,
    config: ConfigService,
    @Inject(PLATFORM_OPTIONS) options: PlatformOptions,
  ) {
    const kafka = new Kafka(kafkaClientConfig(`${options.service}-outbox`, config.getOrThrow<string>('KAFKA_BROKERS')));
    this.producer = kafka.producer({ allowAutoTopicCreation: false });
  }

  async onApplicationBootstrap(): Promise<void> {
    this.dataSource.subscribers.push(this.commitListener());
    this.producer.on(this.producer.events.DISCONNECT, () => (this.connected = false));
    await this.connect();
    this.timer = setInterval(() => this.poll(), POLL_INTERVAL_MS);
    this.timer.unref();
    this.poll();
  }

  private commitListener(): EntitySubscriberInterface {
    return {
      afterTransactionCommit: ({ queryRunner }: { queryRunner: QueryRunner }) => {
        // A released savepoint is not a commit: its rows wait for the outer transaction.
        if (queryRunner.isTransactionActive) return;
        const rows = takeUncommitted(queryRunner);
        if (rows.length > 0) this.publishSoon(rows);
      },
      afterTransactionRollback: ({ queryRunner }: { queryRunner: QueryRunner }) => {
        // Rolled back (or a savepoint was): forget them; any that did commit are the safety net's.
        takeUncommitted(queryRunner);
      },
    };
  }

  /** Publishes what the fast path holds now. Publishing starts at commit; this only hurries it. */
  kick(): void {
    if (this.ready.length > 0) void this.flushReady();
  }

  /** Publishes straight to Kafka, bypassing the outbox: for dead letters, when the database may be what failed. */
  async publishNow(message: OutgoingMessage): Promise<void> {
    await this.connect();
    await this.producer.send({
      topic: message.topic,
      messages: [
        {
          key: message.key,
          value: JSON.stringify(message.payload),
          headers: { [CORRELATION_ID_HEADER]: currentCorrelationId() ?? '' },
        },
      ],
    });
    this.metrics.countKafkaMessage(message.topic, 'produced', 'published');
  }

  private async connect(): Promise<void> {
    if (this.connected) return;
    await this.producer.connect();
    this.connected = true;
  }

  // ---- fast path ----------------------------------------------------------------------------

  private publishSoon(rows: OutboxRow[]): void {
    if (this.closed) return;
    this.ready.push(...rows);
    void this.flushReady();
  }

  /** One publishing loop at a time, so rows leave in commit order. */
  private flushReady(): Promise<void> {
    this.publishing ??= this.publishReady().finally(() => (this.publishing = undefined));
    return this.publishing;
  }

  private async publishReady(): Promise<void> {
    while (this.ready.length > 0 && !this.closed) {
      const rows = this.ready.splice(0, BATCH_SIZE);
      try {
        await this.connect();
        await this.send(rows);
        this.published.push(...rows.map((r) => r.id));
        this.deleteTimer ??= setTimeout(() => void this.deletePublished(), DELETE_DELAY_MS);
      } catch (error) {
        // Still in the table: the safety net publishes them once they are old enough.
        this.logger.warn({ msg: 'outbox publish failed; the relay poll retries', error: (error as Error).message });
      }
    }
  }

  private async deletePublished(): Promise<void> {
    const ids = this.published;
    this.published = [];
    try {
      for (let i = 0; i < ids.length; i += BATCH_SIZE)
        await this.dataSource.query('DELETE FROM outbox WHERE id IN (?)', [ids.slice(i, i + BATCH_SIZE)]);
    } catch (error) {
      // Left in the table, they are published again by the safety net (the inboxes absorb it).
      this.logger.warn({ msg: 'outbox delete failed', error: (error as Error).message });
    } finally {
      this.deleteTimer = undefined;
      if (this.published.length > 0) this.deleteTimer = setTimeout(() => void this.deletePublished(), DELETE_DELAY_MS);
    }
  }

  /**
   * One send per run of consecutive rows from the same trace (one send in all when tracing is
   * off), started in order and awaited together: each runs in the context of the span that wrote
   * its rows, so the `outbox publish` span, kafkajs' producer span and the consumer's handling
   * continue that trace, even when another process publishes the row.
   */
  private async send(rows: readonly OutboxRow[]): Promise<void> {
    await Promise.all(
      runsByTraceContext(rows).map((run) =>
        withTraceparent(run[0].trace_context, () =>
          inSpan(
            'outbox publish',
            { 'outbox.rows': run.length, 'outbox.waited_ms': Date.now() - new Date(run[0].created_at).getTime() },
            () => this.sendRun(run),
          ),
        ),
      ),
    );
  }

  private async sendRun(rows: readonly OutboxRow[]): Promise<void> {
    const batches = topicMessages(rows);
    await this.producer.sendBatch({ topicMessages: batches });
    for (const { topic, messages } of batches)
      this.metrics.kafkaMessages.inc({ topic, direction: 'produced', outcome: 'published' }, messages.length);
  }

  // ---- safety net ---------------------------------------------------------------------------

  private poll(): void {
    if (this.stopped || this.draining) return;
    this.draining = true;
    void this.drainOrphans()
      .catch((error: Error) => this.logger.warn({ msg: 'outbox relay failed; will retry', error: error.message }))
      .finally(() => (this.draining = false));
  }

  private async drainOrphans(): Promise<void> {
    // One indexless read of a table that is empty but for in-flight rows; no transaction when idle.
    const [orphan] = await this.dataSource.query<unknown[]>(
      'SELECT 1 AS orphan FROM outbox WHERE created_at < NOW(3) - INTERVAL ? MICROSECOND LIMIT 1',
      [ORPHAN_AGE_MS * 1000],
    );
    if (!orphan) return;
    await this.connect();
    while (!this.stopped && (await this.publishOrphans()) === BATCH_SIZE);
  }

  private async publishOrphans(): Promise<number> {
    // READ COMMITTED: no gap locks on the outbox's id range, so the relay never blocks (or
    // deadlocks with) the transactions that are appending new messages.
    return this.dataSource.transaction('READ COMMITTED', async (manager) => {
      const rows = await manager.query<OutboxRow[]>(
        `SELECT id, topic, message_key, payload, correlation_id, trace_context, deadline_at, created_at FROM outbox
         WHERE created_at < NOW(3) - INTERVAL ? MICROSECOND ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED`,
        [ORPHAN_AGE_MS * 1000, BATCH_SIZE],
      );
      if (rows.length === 0) return 0;
      await this.send(rows);
      await manager.query('DELETE FROM outbox WHERE id IN (?)', [rows.map((r) => r.id)]);
      return rows.length;
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    // What committed before shutdown is published and deleted now rather than by the next process.
    await this.flushReady();
    this.closed = true;
    if (this.deleteTimer) clearTimeout(this.deleteTimer);
    await this.deletePublished();
    await this.producer.disconnect().catch(() => undefined);
  }
}
