import { isTransientMysqlError } from '@shop/platform';
import type { Pool } from 'mysql2/promise';

import { backoffDelayMs } from './backoff';
import { describeError } from './write-behind.errors';
import type { WriteBehindMetrics } from './write-behind.metrics';
import type { ClaimedEntry, Entry, StoreSettings, WriteBehindLogger } from './write-behind.options';
import type { FlushQueue, StoreRedis } from './write-behind.redis';
import { TableLayout, upsertStatement, VersionedRow, WriteBehindTable } from './write-behind.table';

// Entries of one record in one batch, coalesced to the newest.
interface RecordGroup {
  key: string;
  entries: ClaimedEntry[];
  newest: ClaimedEntry;
}

/** What a flusher shares with its store. */
export interface FlusherDeps<T> {
  name: string;
  table: WriteBehindTable<T>;
  layout: TableLayout;
  redis: StoreRedis;
  queue: FlushQueue;
  pool: Pool;
  metrics: WriteBehindMetrics;
  logger: WriteBehindLogger;
  settings: StoreSettings;
  isClosed(): boolean;
}

/**
 * The worker side of a store: claims batches of pending entries, upserts them into MySQL
 * (coalesced per record, newest version wins), acks them, and sends rejected entries to
 * retry or to the dead letters. While MySQL is unreachable it releases batches and backs off.
 */
export class WriteBehindFlusher<T> {
  private working = false;
  private sweepTimer: NodeJS.Timeout | undefined;
  private consecutiveOutages = 0;

  constructor(private readonly deps: FlusherDeps<T>) {}

  /** Runs flush jobs, drains what earlier processes left, and sweeps for lost jobs. */
  async start(): Promise<void> {
    if (this.working) return;
    this.working = true;
    const { queue, settings, logger, name } = this.deps;
    // Resolves only when the queue closes; errors surface through the 'error' event.
    queue
      .process(settings.workerConcurrency, () => this.drain())
      .catch((error: Error) => {
        if (!this.deps.isClosed()) logger.error(`write-behind ${name}: worker stopped: ${error.message}`);
      });
    this.sweepTimer = setInterval(() => void queue.enqueue(0, `sweep`), settings.sweepIntervalMs);
    this.sweepTimer.unref();
    await queue.enqueue(0);
  }

  stop(): void {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
  }

  // One flush job: claim and flush batches until nothing is claimable.
  private async drain(): Promise<void> {
    const { redis, settings, queue } = this.deps;
    while (!this.deps.isClosed()) {
      const claimed = await redis.run('claim', settings.maxBatchSize, settings.leaseMs, settings.maxDelayMs);
      const [rawEntries, attempts, nextDueMs] = claimed as [string[], string[], number];
      if (rawEntries.length === 0) {
        // A batch is filling, or something is leased, retrying or paused: come back when
        // it becomes claimable.
        if (nextDueMs > 0) await queue.enqueue(nextDueMs + 5, 'due');
        return;
      }
      const entries = rawEntries.map((raw, i): ClaimedEntry => ({
        ...(JSON.parse(raw) as Entry),
        attempts: Number(attempts[i]),
      }));
      if (!(await this.flushBatch(entries))) return;
    }
  }

  // Returns false when MySQL is unreachable (the batch went back to pending).
  private async flushBatch(entries: ClaimedEntry[]): Promise<boolean> {
    const { metrics, name } = this.deps;
    const groups = coalesce(entries);
    const rows: VersionedRow[] = [];
    const unmappable: Array<{ group: RecordGroup; error: unknown }> = [];
    for (const group of groups) {
      try {
        rows.push(this.versionedRow(group));
      } catch (error) {
        unmappable.push({ group, error });
      }
    }
    for (const { group, error } of unmappable) await this.reject(group.entries, error);
    const mapped = groups.filter((group) => !unmappable.some((u) => u.group === group));
    if (mapped.length === 0) return true;

    try {
      await this.upsert(rows);
    } catch (error) {
      metrics.failed.inc({ store: name }, entries.length);
      if (isTransientMysqlError(error)) {
        await this.releaseForOutage(
          mapped.flatMap((g) => g.entries),
          error,
        );
        return false;
      }
      // Some row is rejected: find which by flushing record by record.
      return this.flushOneByOne(mapped);
    }
    await this.ack(mapped.flatMap((g) => g.entries));
    metrics.batchSize.observe({ store: name }, entries.length);
    this.consecutiveOutages = 0;
    return true;
  }

  private async flushOneByOne(groups: RecordGroup[]): Promise<boolean> {
    for (let i = 0; i < groups.length; i++) {
      const group = groups[i];
      try {
        await this.upsert([this.versionedRow(group)]);
      } catch (error) {
        if (isTransientMysqlError(error)) {
          await this.releaseForOutage(
            groups.slice(i).flatMap((g) => g.entries),
            error,
          );
          return false;
        }
        await this.reject(group.entries, error);
        continue;
      }
      await this.ack(group.entries);
      this.deps.metrics.batchSize.observe({ store: this.deps.name }, group.entries.length);
    }
    return true;
  }

  private async upsert(rows: VersionedRow[]): Promise<void> {
    const { sql, params } = upsertStatement(this.deps.layout, rows);
    // A statement must end well before the lease does, or another worker re-flushes the batch.
    await this.deps.pool.query({ sql, timeout: Math.floor(this.deps.settings.leaseMs / 2) }, params);
  }

  private async ack(entries: ClaimedEntry[]): Promise<void> {
    const acked = Number(await this.deps.redis.run('ack', ...entries.flatMap((e) => [e.m, e.k])));
    this.deps.metrics.flushed.inc({ store: this.deps.name }, acked);
  }

  private async releaseForOutage(entries: ClaimedEntry[], error: unknown): Promise<void> {
    const { redis, queue, settings, logger, name } = this.deps;
    this.consecutiveOutages += 1;
    const pauseMs = backoffDelayMs(this.consecutiveOutages, settings.retryBackoff);
    if (this.consecutiveOutages === 1) {
      logger.warn(
        `write-behind ${name}: MySQL unreachable (${describeError(error)}); backing off, writes still accepted`,
      );
    }
    await redis.run('release', pauseMs, ...entries.map((e) => e.m));
    await queue.enqueue(pauseMs + 5, 'due');
  }

  private async reject(entries: ClaimedEntry[], error: unknown): Promise<void> {
    const { redis, queue, settings, logger, metrics, name } = this.deps;
    const args: (string | number)[] = [describeError(error)];
    let dead = 0;
    for (const entry of entries) {
      const attempts = entry.attempts + 1;
      const isDead = attempts >= settings.maxAttempts;
      if (isDead) dead += 1;
      args.push(entry.m, entry.k, isDead ? 'dead' : 'retry', attempts, backoffDelayMs(attempts, settings.retryBackoff));
    }
    if (dead > 0) {
      logger.error(`write-behind ${name}: ${dead} entries dead-lettered: ${describeError(error)}`);
    }
    const deadLettered = Number(await redis.run('reject', ...args));
    metrics.deadLettered.inc({ store: name }, deadLettered);
    await queue.enqueue(backoffDelayMs(1, settings.retryBackoff) + 5, 'due');
  }

  private versionedRow(group: RecordGroup): VersionedRow {
    return { key: group.key, version: group.newest.v, row: this.deps.table.toRow(group.newest.e as T) };
  }
}

// Entries of the same record collapse to the one with the highest version (last write wins).
function coalesce(entries: ClaimedEntry[]): RecordGroup[] {
  const groups = new Map<string, RecordGroup>();
  for (const entry of entries) {
    const group = groups.get(entry.k);
    if (!group) {
      groups.set(entry.k, { key: entry.k, entries: [entry], newest: entry });
    } else {
      group.entries.push(entry);
      if (entry.v > group.newest.v) group.newest = entry;
    }
  }
  return [...groups.values()];
}
