import Bull from 'bull';
import Redis, { RedisOptions } from 'ioredis';
import { createPool, Pool, PoolOptions, RowDataPacket } from 'mysql2/promise';
import { register as defaultRegistry, Registry } from 'prom-client';

import { backoffDelayMs, BackoffOptions } from './backoff';
import { EntryIdGenerator } from './entry-id';
import { isTransientMysqlError } from './mysql-errors';
import {
  ACK_SCRIPT,
  CLAIM_SCRIPT,
  DISCARD_SCRIPT,
  EXPAND_SCRIPT,
  KEY_NAMES,
  KeyName,
  REJECT_SCRIPT,
  RELEASE_SCRIPT,
  REPLAY_SCRIPT,
  WRITE_SCRIPT,
} from './redis-scripts';
import { BacklogFullError, StoreClosedError } from './write-behind.errors';
import { WriteBehindMetrics } from './write-behind.metrics';
import {
  rowMatches,
  selectPageStatement,
  TableLayout,
  tableLayout,
  upsertStatement,
  VersionedRow,
  WhereFilter,
  WriteBehindTable,
} from './write-behind.table';

/** Minimal logger; Nest's `Logger` and `console` both fit. */
export interface WriteBehindLogger {
  warn(message: string): void;
  error(message: string): void;
}

/** Options of a {@link WriteBehindStore}. */
export interface WriteBehindStoreOptions<T> {
  /** Store name: Redis key namespace, Bull queue name and the `store` metric label. */
  name: string;
  /** Target table and how values map to rows. */
  table: WriteBehindTable<T>;
  /** Redis connection (ioredis options). Use an AOF-persisted Redis, see the README. */
  redis: RedisOptions;
  /** A mysql2/promise pool, or options to create one (then the store owns and closes it). */
  mysql: Pool | PoolOptions;
  /** Prefix of every Redis key of this store. Default `wb`. */
  keyPrefix?: string;
  /** Entries per flush statement (at most 5000). Default 500. */
  maxBatchSize?: number;
  /** Batching window: a partial batch is flushed once its oldest entry is this old. Default 200 ms. */
  maxDelayMs?: number;
  /** Entries accepted but not yet in MySQL before `write()` throws `BacklogFullError`. Default 100 000. */
  maxBacklog?: number;
  /** `retryAfterSeconds` reported by `BacklogFullError`. Default 5. */
  retryAfterSeconds?: number;
  /** Attempts of a rejected entry before it becomes a dead letter. Default 5. */
  maxAttempts?: number;
  /** Backoff between attempts of rejected entries and while MySQL is unreachable. Default 200 ms … 5 s. */
  retryBackoff?: BackoffOptions;
  /** How long a worker owns a claimed batch; after that another worker flushes it again. Default 30 s. */
  leaseMs?: number;
  /** How often a worker looks for entries whose flush job was lost. Default 1 s. */
  sweepIntervalMs?: number;
  /** Flush jobs one worker process runs at the same time. Default 2. */
  workerConcurrency?: number;
  /** Registry for the `write_behind_*` metrics. Default: prom-client's global registry. */
  registry?: Registry;
  logger?: WriteBehindLogger;
}

/** Returned by `write()` once the value is durable in Redis. */
export interface WriteAccepted {
  /** Record key: the given id, or the new entry id for a new record. */
  id: string;
  /** Unique id of this write (a ULID). */
  entryId: string;
  /** Version of the record this write produced; higher always wins in MySQL. */
  version: number;
  accepted: true;
}

/** A record as read by `get()` / `query()`. */
export interface StoredRecord<T> {
  id: string;
  version: number;
  value: T;
  /** True when the value is still only in Redis. */
  pending: boolean;
}

/** One page of `query()`. */
export interface QueryPage<T> {
  items: StoredRecord<T>[];
  /** Pass as `cursor` for the next (older) page; null when this page was the last. */
  nextCursor: string | null;
}

export interface QueryOptions {
  /** Equality filters on table columns (array = IN). Applied to pending values too. */
  where?: WhereFilter;
  /** Page size. Default 50, at most 1000. */
  limit?: number;
  /** Only records with an id below this one (the previous page's `nextCursor`). */
  cursor?: string;
}

/** Backlog state of a store, as seen in Redis. */
export interface WriteBehindStats {
  /** Entries accepted and not yet in MySQL (pending + in flight + waiting to retry); dead letters excluded. */
  backlog: number;
  maxBacklog: number;
  /** Age of the oldest entry in the backlog; 0 when empty. */
  lagSeconds: number;
  inFlight: number;
  retrying: number;
  deadLetters: number;
  /** True while workers back off because MySQL is unreachable. */
  mysqlPaused: boolean;
}

/** An entry MySQL kept rejecting. */
export interface DeadLetter<T> {
  entryId: string;
  id: string;
  version: number;
  value: T;
  acceptedAt: Date;
  failedAt: Date;
  attempts: number;
  error: string;
}

// Entry as stored in Redis: m = entry id, k = record key, v = version, t = accepted at, e = value.
interface Entry {
  m: string;
  k: string;
  v: number;
  t: number;
  e: unknown;
}

interface ClaimedEntry extends Entry {
  attempts: number;
}

// Entries of one record in one batch, coalesced to the newest.
interface RecordGroup {
  key: string;
  entries: ClaimedEntry[];
  newest: ClaimedEntry;
}

// A write() waiting for the group commit of its turn of the event loop.
interface BufferedWrite {
  entryId: string;
  id: string | undefined;
  /** Its line of the group (see WRITE_SCRIPT): entry id, record key JSON, value JSON. */
  line: string;
  resolve(accepted: WriteAccepted): void;
  reject(error: unknown): void;
}

type ScriptRunner = (keys: string[], ...args: (string | number)[]) => Promise<unknown>;

const FLUSH_JOB = 'flush';
// Writes stored by one script call at most; keeps a single call (one list push of the whole
// group) well under a millisecond.
const MAX_WRITE_GROUP = 2_000;
// Inbox entries one read expands per script call, so that a read after a long worker outage
// does not block Redis for long in one go.
const EXPAND_CHUNK = 5_000;
const DEFAULT_LOGGER: WriteBehindLogger = {
  warn: (message) => console.warn(message),
  error: (message) => console.error(message),
};

/**
 * Accepts writes into Redis and flushes them to MySQL in batches from Bull workers.
 *
 * `write()` returns once the entry is in Redis (one atomic script: stored, counted in the
 * backlog and listed as pending). Pending entries are the source of truth: Bull jobs only
 * wake workers up, and any worker drains whatever is pending, so a lost job delays a flush
 * (until the next sweep) but can never lose an entry. See the README for the guarantees.
 */
export class WriteBehindStore<T = unknown> {
  readonly name: string;
  private readonly table: WriteBehindTable<T>;
  private readonly layout: TableLayout;
  private readonly keys: string[];
  private readonly redis: Redis;
  private readonly queue: Bull.Queue;
  private readonly pool: Pool;
  private readonly ownsPool: boolean;
  private readonly ids = new EntryIdGenerator();
  private readonly metrics: WriteBehindMetrics;
  private readonly logger: WriteBehindLogger;
  private readonly scripts: Record<
    'write' | 'expand' | 'claim' | 'ack' | 'release' | 'reject' | 'replay' | 'discard',
    ScriptRunner
  >;

  private readonly maxBatchSize: number;
  private readonly maxDelayMs: number;
  private readonly maxBacklog: number;
  private readonly retryAfterSeconds: number;
  private readonly maxAttempts: number;
  private readonly retryBackoff: BackoffOptions;
  private readonly leaseMs: number;
  private readonly sweepIntervalMs: number;
  private readonly workerConcurrency: number;

  private writeGroup: BufferedWrite[] = [];
  private writeGroupScheduled = false;
  private readonly writesInFlight = new Set<Promise<void>>();
  private working = false;
  private closed = false;
  private sweepTimer: NodeJS.Timeout | undefined;
  private consecutiveOutages = 0;

  constructor(options: WriteBehindStoreOptions<T>) {
    this.name = options.name;
    this.table = options.table;
    this.layout = tableLayout(options.table);
    this.maxBatchSize = positive(options.maxBatchSize ?? 500, 'maxBatchSize');
    // One batch is read with a single HMGET inside a Lua script, whose stack holds ~8000 values.
    if (this.maxBatchSize > 5_000) throw new RangeError(`maxBatchSize must be at most 5000, got ${this.maxBatchSize}`);
    this.maxDelayMs = positive(options.maxDelayMs ?? 200, 'maxDelayMs');
    this.maxBacklog = positive(options.maxBacklog ?? 100_000, 'maxBacklog');
    this.retryAfterSeconds = positive(options.retryAfterSeconds ?? 5, 'retryAfterSeconds');
    this.maxAttempts = positive(options.maxAttempts ?? 5, 'maxAttempts');
    this.retryBackoff = options.retryBackoff ?? { initialMs: 200, maxMs: 5_000 };
    backoffDelayMs(1, this.retryBackoff); // validates the bounds now rather than at the first failure
    this.leaseMs = positive(options.leaseMs ?? 30_000, 'leaseMs');
    this.sweepIntervalMs = positive(options.sweepIntervalMs ?? 1_000, 'sweepIntervalMs');
    this.workerConcurrency = positive(options.workerConcurrency ?? 2, 'workerConcurrency');
    this.logger = options.logger ?? DEFAULT_LOGGER;

    const prefix = `${options.keyPrefix ?? 'wb'}:{${this.name}}:`;
    this.keys = KEY_NAMES.map((key: KeyName) => prefix + key);
    this.redis = new Redis({ ...options.redis, enableAutoPipelining: true });
    this.redis.on('error', (error) => this.logger.warn(`write-behind ${this.name}: redis: ${error.message}`));
    this.scripts = {
      write: this.defineScript('wbWrite', WRITE_SCRIPT),
      expand: this.defineScript('wbExpand', EXPAND_SCRIPT),
      claim: this.defineScript('wbClaim', CLAIM_SCRIPT),
      ack: this.defineScript('wbAck', ACK_SCRIPT),
      release: this.defineScript('wbRelease', RELEASE_SCRIPT),
      reject: this.defineScript('wbReject', REJECT_SCRIPT),
      replay: this.defineScript('wbReplay', REPLAY_SCRIPT),
      discard: this.defineScript('wbDiscard', DISCARD_SCRIPT),
    };

    this.queue = new Bull(`write-behind-${this.name}`, {
      redis: options.redis,
      prefix: `${options.keyPrefix ?? 'wb'}:bull`,
      defaultJobOptions: { removeOnComplete: true, removeOnFail: true, attempts: 1 },
    });
    this.queue.on('error', (error) => this.logger.warn(`write-behind ${this.name}: queue: ${error.message}`));

    this.ownsPool = !isPool(options.mysql);
    this.pool = isPool(options.mysql) ? options.mysql : createPool(options.mysql);

    this.metrics = WriteBehindMetrics.for(options.registry ?? defaultRegistry);
    this.metrics.track(this);
  }

  /**
   * Stores `value` in Redis and returns once it is durable there (as durable as Redis'
   * AOF). Without `options.id` a new record is created whose id is the entry id; with it,
   * this write is a new version of that record (last write wins, per record order kept).
   *
   * @throws BacklogFullError when `maxBacklog` entries are waiting for MySQL; nothing was stored.
   */
  write(value: T, options: { id?: string } = {}): Promise<WriteAccepted> {
    try {
      this.assertOpen();
      if (options.id !== undefined && (typeof options.id !== 'string' || options.id.length === 0)) {
        throw new TypeError('write(): id must be a non-empty string');
      }
      const json = JSON.stringify(value);
      if (json === undefined) throw new TypeError('write(): value must be JSON-serialisable');
      const entryId = this.ids.next();
      return new Promise<WriteAccepted>((resolve, reject) => {
        // Redis builds the entry JSON from this line when the group is expanded.
        const line = `${entryId}\t${options.id === undefined ? '' : JSON.stringify(options.id)}\t${json}`;
        this.writeGroup.push({ entryId, id: options.id, line, resolve, reject });
        if (this.writeGroup.length >= MAX_WRITE_GROUP) {
          this.commitWriteGroup();
        } else if (!this.writeGroupScheduled) {
          this.writeGroupScheduled = true;
          setImmediate(() => this.commitWriteGroup());
        }
      });
    } catch (error) {
      return Promise.reject(error);
    }
  }

  // Group commit: every write() issued in the same turn of the event loop is stored by one
  // script call, as one inbox element. Each caller still resolves only after its own entry is
  // in Redis.
  private commitWriteGroup(): void {
    this.writeGroupScheduled = false;
    const group = this.writeGroup;
    if (group.length === 0) return;
    this.writeGroup = [];
    const stored = this.storeWriteGroup(group).catch((error: unknown) => {
      for (const w of group) w.reject(error); // no-op for callers already answered
    });
    this.writesInFlight.add(stored);
    void stored.then(() => this.writesInFlight.delete(stored));
  }

  private async storeWriteGroup(group: BufferedWrite[]): Promise<void> {
    let result: (number | string)[];
    try {
      result = (await this.scripts.write(
        this.keys,
        this.maxBacklog,
        this.maxDelayMs,
        group.length,
        group.map((w) => w.line).join('\n'),
      )) as (number | string)[];
    } catch (error) {
      for (const w of group) w.reject(error);
      return;
    }
    const [before, after, wake, firstVersion, stored] = result.map(Number);
    if (stored > 0) this.metrics.accepted.inc({ store: this.name }, stored);
    // The group is already in the inbox, so a failed enqueue only delays it until a sweep.
    if (wake === 1) await this.enqueueFlush(this.maxDelayMs);
    if (Math.floor(after / this.maxBatchSize) > Math.floor(before / this.maxBatchSize)) await this.enqueueFlush(0);
    // Versions stay below 2^53 (ms × 1000 until the year 2255), so numbers hold them exactly.
    group.forEach((w, i) => {
      if (i >= stored) {
        w.reject(new BacklogFullError(this.name, after, this.maxBacklog, this.retryAfterSeconds));
      } else {
        w.resolve({ id: w.id ?? w.entryId, entryId: w.entryId, version: firstVersion + i, accepted: true });
      }
    });
  }

  /** The newest value of a record: pending in Redis, else from MySQL; null if unknown. */
  async get(id: string): Promise<StoredRecord<T> | null> {
    this.assertOpen();
    await this.expandInbox();
    // Redis first: an entry that disappears from Redis after this read was flushed before
    // it was acked, so the MySQL read below sees it. A record's newest pending entry is
    // latest[id] when it was updated by id, else the entry that created it (entries[id]).
    const [latestId, created] = await Promise.all([
      this.redis.hget(this.key('latest'), id),
      this.redis.hget(this.key('entries'), id),
    ]);
    const updated = latestId ? await this.redis.hget(this.key('entries'), latestId) : null;
    const pending = newest(
      updated ? this.pendingRecord(JSON.parse(updated) as Entry) : null,
      created ? this.pendingRecord(JSON.parse(created) as Entry) : null,
    );
    let flushed: StoredRecord<T> | null = null;
    try {
      const { sql, params } = selectPageStatement(this.layout, { [this.layout.key]: id }, undefined, 1);
      const [rows] = await this.pool.query<RowDataPacket[]>(sql, params);
      flushed = rows.length > 0 ? this.flushedRecord(rows[0]) : null;
    } catch (error) {
      // A pending value is the newest write of the record: serve it while MySQL is down.
      if (!pending) throw error;
    }
    return newest(pending, flushed);
  }

  /**
   * Records newest first (by id), merging values still pending in Redis with rows in MySQL:
   * a pending value replaces its row, and filters apply to the pending value. Needs MySQL.
   */
  async query(options: QueryOptions = {}): Promise<QueryPage<T>> {
    this.assertOpen();
    const where = options.where ?? {};
    const limit = Math.min(Math.max(Math.floor(options.limit ?? 50), 1), 1_000);
    const cursor = options.cursor;

    await this.expandInbox();
    const pendingByKey = new Map<string, StoredRecord<T>>();
    for (const record of await this.pendingRecords()) {
      if (cursor === undefined || record.id < cursor) pendingByKey.set(record.id, record);
    }
    const merged = new Map<string, StoredRecord<T>>();
    for (const record of pendingByKey.values()) {
      if (rowMatches(this.rowOf(record), where)) merged.set(record.id, record);
    }

    // Page through MySQL until `limit` rows survive the merge: a row whose record is
    // pending is replaced by (or, if the pending value no longer matches, dropped for) it.
    let before = cursor;
    let flushedKept = 0;
    for (;;) {
      const { sql, params } = selectPageStatement(this.layout, where, before, limit);
      const [rows] = await this.pool.query<RowDataPacket[]>(sql, params);
      for (const row of rows) {
        const record = this.flushedRecord(row);
        const pending = pendingByKey.get(record.id);
        if (pending && pending.version >= record.version) continue;
        merged.set(record.id, record);
        flushedKept += 1;
      }
      if (rows.length < limit || flushedKept >= limit) break;
      before = String(rows[rows.length - 1][this.layout.key]);
    }

    const items = [...merged.values()].sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)).slice(0, limit);
    return { items, nextCursor: items.length === limit ? items[items.length - 1].id : null };
  }

  /** Backlog, lag and dead letters, read from Redis. */
  async stats(): Promise<WriteBehindStats> {
    const results = await this.redis
      .multi()
      .hlen(this.key('entries'))
      .zrange(this.key('pending'), 0, 0, 'WITHSCORES')
      .zrange(this.key('held'), 0, 0, 'WITHSCORES')
      .time()
      .zcard(this.key('claimed'))
      .zcard(this.key('retry'))
      .hlen(this.key('dead'))
      .pttl(this.key('paused'))
      .get(this.key('inboxed'))
      .lindex(this.key('inboxAt'), 0)
      .exec();
    if (!results) throw new Error('stats(): transaction aborted');
    for (const [error] of results) if (error) throw error;
    const value = (i: number) => results[i][1];
    const oldest = [value(1), value(2)]
      .map((pair) => pair as string[])
      .filter((pair) => pair.length === 2)
      .map((pair) => Number(pair[1]));
    if (value(9) !== null) oldest.push(Number(value(9)));
    const [seconds, micros] = value(3) as [string, string];
    const nowMs = Number(seconds) * 1_000 + Math.floor(Number(micros) / 1_000);
    return {
      backlog: (value(0) as number) + Number(value(8) ?? 0),
      maxBacklog: this.maxBacklog,
      lagSeconds: oldest.length > 0 ? Math.max(0, (nowMs - Math.min(...oldest)) / 1_000) : 0,
      inFlight: value(4) as number,
      retrying: value(5) as number,
      deadLetters: value(6) as number,
      mysqlPaused: (value(7) as number) > 0,
    };
  }

  /** Dead letters, oldest failure first. */
  async listDeadLetters(options: { offset?: number; limit?: number } = {}): Promise<DeadLetter<T>[]> {
    this.assertOpen();
    const offset = Math.max(0, options.offset ?? 0);
    const limit = Math.min(Math.max(1, options.limit ?? 100), 1_000);
    const entryIds = await this.redis.zrange(this.key('deadIndex'), offset, offset + limit - 1);
    if (entryIds.length === 0) return [];
    const raws = await this.redis.hmget(this.key('dead'), ...entryIds);
    const letters: DeadLetter<T>[] = [];
    for (const raw of raws) {
      if (!raw) continue;
      const letter = JSON.parse(raw) as { entry: string; error: string; attempts: number; failedAt: number };
      const entry = JSON.parse(letter.entry) as Entry;
      letters.push({
        entryId: entry.m,
        id: entry.k,
        version: entry.v,
        value: entry.e as T,
        acceptedAt: new Date(entry.t),
        failedAt: new Date(letter.failedAt),
        attempts: letter.attempts,
        error: letter.error,
      });
    }
    return letters;
  }

  /**
   * Puts dead letters back into the flush flow (all of them when `entryIds` is omitted).
   * They keep their version, so they cannot overwrite a newer value. Not subject to
   * `maxBacklog`. Returns how many were replayed.
   */
  async replayDeadLetters(entryIds?: string[]): Promise<number> {
    this.assertOpen();
    const ids = entryIds ?? (await this.redis.zrange(this.key('deadIndex'), 0, -1));
    let replayed = 0;
    for (let i = 0; i < ids.length; i += 1_000) {
      replayed += Number(await this.scripts.replay(this.keys, ...ids.slice(i, i + 1_000)));
    }
    if (replayed > 0) await this.enqueueFlush(0);
    return replayed;
  }

  /** Deletes dead letters for good. Returns how many were deleted. */
  async discardDeadLetters(entryIds: string[]): Promise<number> {
    this.assertOpen();
    if (entryIds.length === 0) return 0;
    return Number(await this.scripts.discard(this.keys, ...entryIds));
  }

  /**
   * Makes this process a flush worker: it runs Bull flush jobs, drains the backlog left by
   * earlier processes, and sweeps every `sweepIntervalMs` for entries whose job was lost.
   */
  async startWorker(): Promise<void> {
    this.assertOpen();
    if (this.working) return;
    this.working = true;
    // Resolves only when the queue closes; errors surface through the 'error' event.
    this.queue
      .process(FLUSH_JOB, this.workerConcurrency, () => this.drain())
      .catch((error: Error) => {
        if (!this.closed) this.logger.error(`write-behind ${this.name}: worker stopped: ${error.message}`);
      });
    this.sweepTimer = setInterval(() => void this.enqueueFlush(0, `sweep`), this.sweepIntervalMs);
    this.sweepTimer.unref();
    await this.enqueueFlush(0);
  }

  /**
   * Stops the worker (waiting for the batch in flight) and closes connections. Entries not
   * yet flushed stay in Redis for the next worker.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Writes already handed to write() are stored (or rejected) before the connection closes.
    this.commitWriteGroup();
    await Promise.all(this.writesInFlight);
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.metrics.untrack(this);
    await this.queue.close().catch(() => undefined);
    await this.redis.quit().catch(() => this.redis.disconnect());
    if (this.ownsPool) await this.pool.end().catch(() => undefined);
  }

  // ---------------------------------------------------------------------------- worker

  // One flush job: claim and flush batches until nothing is claimable.
  private async drain(): Promise<void> {
    while (!this.closed) {
      const claimed = await this.scripts.claim(this.keys, this.maxBatchSize, this.leaseMs, this.maxDelayMs);
      const [rawEntries, attempts, nextDueMs] = claimed as [string[], string[], number];
      if (rawEntries.length === 0) {
        // A batch is filling, or something is leased, retrying or paused: come back when
        // it becomes claimable.
        if (nextDueMs > 0) await this.enqueueFlush(nextDueMs + 5, 'due');
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
      this.metrics.failed.inc({ store: this.name }, entries.length);
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
    this.metrics.batchSize.observe({ store: this.name }, entries.length);
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
      this.metrics.batchSize.observe({ store: this.name }, group.entries.length);
    }
    return true;
  }

  private async upsert(rows: VersionedRow[]): Promise<void> {
    const { sql, params } = upsertStatement(this.layout, rows);
    // A statement must end well before the lease does, or another worker re-flushes the batch.
    await this.pool.query({ sql, timeout: Math.floor(this.leaseMs / 2) }, params);
  }

  private async ack(entries: ClaimedEntry[]): Promise<void> {
    const acked = Number(await this.scripts.ack(this.keys, ...entries.flatMap((e) => [e.m, e.k])));
    this.metrics.flushed.inc({ store: this.name }, acked);
  }

  private async releaseForOutage(entries: ClaimedEntry[], error: unknown): Promise<void> {
    this.consecutiveOutages += 1;
    const pauseMs = backoffDelayMs(this.consecutiveOutages, this.retryBackoff);
    if (this.consecutiveOutages === 1) {
      this.logger.warn(
        `write-behind ${this.name}: MySQL unreachable (${describe(error)}); backing off, writes still accepted`,
      );
    }
    await this.scripts.release(this.keys, pauseMs, ...entries.map((e) => e.m));
    await this.enqueueFlush(pauseMs + 5, 'due');
  }

  private async reject(entries: ClaimedEntry[], error: unknown): Promise<void> {
    const args: (string | number)[] = [describe(error)];
    let dead = 0;
    for (const entry of entries) {
      const attempts = entry.attempts + 1;
      const isDead = attempts >= this.maxAttempts;
      if (isDead) dead += 1;
      args.push(entry.m, entry.k, isDead ? 'dead' : 'retry', attempts, backoffDelayMs(attempts, this.retryBackoff));
    }
    if (dead > 0) {
      this.logger.error(`write-behind ${this.name}: ${dead} entries dead-lettered: ${describe(error)}`);
    }
    const deadLettered = Number(await this.scripts.reject(this.keys, ...args));
    this.metrics.deadLettered.inc({ store: this.name }, deadLettered);
    await this.enqueueFlush(backoffDelayMs(1, this.retryBackoff) + 5, 'due');
  }

  // Delayed jobs are de-duplicated per time slot: many workers finding the same lease or
  // retry due date schedule one job, not one each.
  private async enqueueFlush(delayMs: number, kind?: 'sweep' | 'due'): Promise<void> {
    if (this.closed) return;
    const options: Bull.JobOptions = { delay: Math.max(0, Math.ceil(delayMs)) };
    if (kind) {
      const slotMs = kind === 'sweep' ? this.sweepIntervalMs : 100;
      options.jobId = `${kind}:${Math.ceil((Date.now() + delayMs) / slotMs)}`;
    }
    try {
      await this.queue.add(FLUSH_JOB, {}, options);
    } catch (error) {
      this.logger.warn(
        `write-behind ${this.name}: could not enqueue a flush (${describe(error)}); the sweep will pick it up`,
      );
    }
  }

  // --------------------------------------------------------------------------- helpers

  private versionedRow(group: RecordGroup): VersionedRow {
    return { key: group.key, version: group.newest.v, row: this.table.toRow(group.newest.e as T) };
  }

  // Reads look at expanded entries only, so they first expand what is still in the inbox
  // (usually little: workers expand as they claim; after a worker outage, the whole backlog once).
  private async expandInbox(): Promise<void> {
    while (Number(await this.scripts.expand(this.keys, EXPAND_CHUNK)) >= EXPAND_CHUNK) {
      // more groups waiting
    }
  }

  // The newest pending entry of every record (O(backlog): reads scale with what is pending).
  private async pendingRecords(): Promise<StoredRecord<T>[]> {
    const byKey = new Map<string, StoredRecord<T>>();
    for (const raw of await this.redis.hvals(this.key('entries'))) {
      const record = this.pendingRecord(JSON.parse(raw) as Entry);
      const known = byKey.get(record.id);
      if (!known || record.version > known.version) byKey.set(record.id, record);
    }
    return [...byKey.values()];
  }

  private pendingRecord(entry: Entry): StoredRecord<T> {
    return { id: entry.k, version: entry.v, value: entry.e as T, pending: true };
  }

  private flushedRecord(row: RowDataPacket): StoredRecord<T> {
    return {
      id: String(row[this.layout.key]),
      version: Number(row[this.layout.version]),
      value: this.table.fromRow(row),
      pending: false,
    };
  }

  private rowOf(record: StoredRecord<T>): Record<string, unknown> {
    return { ...this.table.toRow(record.value), [this.layout.key]: record.id, [this.layout.version]: record.version };
  }

  private key(name: KeyName): string {
    return this.keys[KEY_NAMES.indexOf(name)];
  }

  private defineScript(command: string, lua: string): ScriptRunner {
    this.redis.defineCommand(command, { lua, numberOfKeys: KEY_NAMES.length });
    const redis = this.redis as unknown as Record<string, (...args: (string | number)[]) => Promise<unknown>>;
    return (keys, ...args) => redis[command](...keys, ...args);
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreClosedError(this.name);
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

function newest<T>(a: StoredRecord<T> | null, b: StoredRecord<T> | null): StoredRecord<T> | null {
  if (!a) return b;
  if (!b) return a;
  return a.version >= b.version ? a : b;
}

function isPool(value: Pool | PoolOptions): value is Pool {
  return typeof (value as Pool).getConnection === 'function' && typeof (value as Pool).query === 'function';
}

function positive(value: number, name: string): number {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a positive number, got ${value}`);
  return value;
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}
