import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { CORRELATION_ID_HEADER } from '@shop/contracts';
import {
  currentCorrelationId,
  currentTraceparent,
  inSpan,
  kafkaClientConfig,
  MetricsService,
  PLATFORM_OPTIONS,
  PlatformOptions,
  withTraceparent,
} from '@shop/platform';
import { Kafka, Producer } from 'kafkajs';
import { DataSource, EntityManager } from 'typeorm';

/** A message to publish once the transaction that wrote it commits. */
export interface OutgoingMessage {
  topic: string;
  key: string | null;
  payload: unknown;
}

/**
 * Writes `message` to the outbox table with `manager`, i.e. inside the caller's transaction:
 * the message exists if and only if the state change that produced it committed.
 */
export async function enqueueMessage(manager: EntityManager, message: OutgoingMessage): Promise<void> {
  await manager.query(
    'INSERT INTO outbox (topic, message_key, payload, correlation_id, trace_context) VALUES (?, ?, ?, ?, ?)',
    [message.topic, message.key, JSON.stringify(message.payload), currentCorrelationId() ?? null, currentTraceparent()],
  );
}

interface OutboxRow {
  id: string;
  topic: string;
  message_key: string | null;
  payload: string;
  correlation_id: string | null;
  trace_context: string | null;
  created_at: Date | string;
}

/** Splits rows (in id order) into runs of consecutive rows written in the same trace. */
export function runsByTraceContext<R extends { trace_context: string | null }>(rows: readonly R[]): R[][] {
  const runs: R[][] = [];
  for (const row of rows) {
    const last = runs[runs.length - 1];
    if (last && last[0].trace_context === row.trace_context) last.push(row);
    else runs.push([row]);
  }
  return runs;
}

const BATCH_SIZE = 200;
const POLL_INTERVAL_MS = 250;

/**
 * Relays the outbox to Kafka: reads committed rows in id order, publishes them, deletes them.
 * Rows are claimed with `FOR UPDATE SKIP LOCKED`, so two replicas never publish the same row at
 * once; a crash between publish and delete publishes the row again (at least once, which the
 * consumers' inboxes absorb). `kick()` after a commit publishes at once; a slow poll catches
 * rows written by a process that died before it could kick.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly producer: Producer;
  private connected = false;
  private draining = false;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

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
    this.producer.on(this.producer.events.DISCONNECT, () => (this.connected = false));
    await this.connect();
    this.timer = setInterval(() => this.kick(), POLL_INTERVAL_MS);
    this.timer.unref();
  }

  /** Publishes what is waiting now (coalesces concurrent kicks into one drain loop). */
  kick(): void {
    if (this.stopped) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = true;
    void this.drain()
      .catch((error: Error) => this.logger.warn({ msg: 'outbox relay failed; will retry', error: error.message }))
      .finally(() => (this.draining = false));
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

  private async drain(): Promise<void> {
    await this.connect();
    let published: number;
    do {
      this.again = false;
      published = await this.publishBatch();
    } while (!this.stopped && (published === BATCH_SIZE || this.again));
  }

  private async publishBatch(): Promise<number> {
    // READ COMMITTED: no gap locks on the outbox's id range, so the relay never blocks (or
    // deadlocks with) the transactions that are appending new messages.
    return this.dataSource.transaction('READ COMMITTED', async (manager) => {
      const rows = await manager.query<OutboxRow[]>(
        'SELECT id, topic, message_key, payload, correlation_id, trace_context, created_at FROM outbox ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED',
        [BATCH_SIZE],
      );
      if (rows.length === 0) return 0;
      // One send per run of consecutive rows from the same trace (one send in all when tracing is
      // off), started in id order and awaited together: each runs in the context of the span
      // that wrote its rows, so the `outbox publish` span, kafkajs' producer span and the
      // consumer's handling continue that trace, even when another process publishes the row.
      await Promise.all(
        runsByTraceContext(rows).map((run) =>
          withTraceparent(run[0].trace_context, () =>
            inSpan(
              'outbox publish',
              { 'outbox.rows': run.length, 'outbox.waited_ms': Date.now() - new Date(run[0].created_at).getTime() },
              () => this.publish(run),
            ),
          ),
        ),
      );
      await manager.query('DELETE FROM outbox WHERE id IN (?)', [rows.map((r) => r.id)]);
      return rows.length;
    });
  }

  private async publish(rows: OutboxRow[]): Promise<void> {
    const byTopic = new Map<string, { key: string | null; value: string; headers: Record<string, string> }[]>();
    for (const row of rows) {
      const messages = byTopic.get(row.topic) ?? [];
      messages.push({
        key: row.message_key,
        value: row.payload,
        headers: { [CORRELATION_ID_HEADER]: row.correlation_id ?? '' },
      });
      byTopic.set(row.topic, messages);
    }
    await this.producer.sendBatch({ topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
    for (const [topic, messages] of byTopic)
      this.metrics.kafkaMessages.inc({ topic, direction: 'produced', outcome: 'published' }, messages.length);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.producer.disconnect().catch(() => undefined);
  }
}
