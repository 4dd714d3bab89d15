import { createPool, Pool, PoolOptions, RowDataPacket } from 'mysql2/promise';
import { register as defaultRegistry } from 'prom-client';

import { EntryIdGenerator } from './entry-id';
import { DeadLetters } from './write-behind.dead-letters';
import { BacklogFullError, StoreClosedError } from './write-behind.errors';
import { WriteBehindFlusher } from './write-behind.flusher';
import { WriteBehindMetrics } from './write-behind.metrics';
import {
  DeadLetter,
  DEFAULT_LOGGER,
  Entry,
  QueryOptions,
  QueryPage,
  StoredRecord,
  StoreSettings,
  storeSettings,
  WriteAccepted,
  WriteBehindLogger,
  WriteBehindStats,
  WriteBehindStoreOptions,
} from './write-behind.options';
import { FlushQueue, StoreRedis } from './write-behind.redis';
import { rowMatches, selectPageStatement, TableLayout, tableLayout, WriteBehindTable } from './write-behind.table';

// A write() waiting for the group commit of its turn of the event loop.
interface BufferedWrite {
  entryId: string;
  id: string | undefined;
  /** Its line of the group (see WRITE_SCRIPT): entry id, record key JSON, value JSON. */
  line: string;
  resolve(accepted: WriteAccepted): void;
  reject(error: unknown): void;
}

// Writes stored by one script call at most; keeps a single call (one list push of the whole
// group) well under a millisecond.
const MAX_WRITE_GROUP = 2_000;
// Inbox entries one read expands per script call, so that a read after a long worker outage
// does not block Redis for long in one go.
const EXPAND_CHUNK = 5_000;

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
  private readonly settings: StoreSettings;
  private readonly redis: StoreRedis;
  private readonly queue: FlushQueue;
  private readonly pool: Pool;
  private readonly ownsPool: boolean;
  private readonly ids = new EntryIdGenerator();
  private readonly metrics: WriteBehindMetrics;
  private readonly logger: WriteBehindLogger;
  private readonly flusher: WriteBehindFlusher<T>;
  private readonly deadLetters: DeadLetters<T>;

  private writeGroup: BufferedWrite[] = [];
  private writeGroupScheduled = false;
  private readonly writesInFlight = new Set<Promise<void>>();
  private closed = false;

  constructor(options: WriteBehindStoreOptions<T>) {
    this.name = options.name;
    this.table = options.table;
    this.layout = tableLayout(options.table);
    this.settings = storeSettings(options);
    this.logger = options.logger ?? DEFAULT_LOGGER;

    const keyPrefix = options.keyPrefix ?? 'wb';
    this.redis = new StoreRedis(this.name, keyPrefix, options.redis, this.logger);
    const isClosed = () => this.closed;
    this.queue = new FlushQueue(
      this.name,
      keyPrefix,
      options.redis,
      this.settings.sweepIntervalMs,
      this.logger,
      isClosed,
    );

    this.ownsPool = !isPool(options.mysql);
    this.pool = isPool(options.mysql) ? options.mysql : createPool(options.mysql);

    this.metrics = WriteBehindMetrics.for(options.registry ?? defaultRegistry);
    this.flusher = new WriteBehindFlusher<T>({
      name: this.name,
      table: this.table,
      layout: this.layout,
      redis: this.redis,
      queue: this.queue,
      pool: this.pool,
      metrics: this.metrics,
      logger: this.logger,
      settings: this.settings,
      isClosed,
    });
    this.deadLetters = new DeadLetters<T>(this.redis, this.queue);
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
      result = (await this.redis.run(
        'write',
        this.settings.maxBacklog,
        this.settings.maxDelayMs,
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
    const { maxBatchSize, maxDelayMs, maxBacklog, retryAfterSeconds } = this.settings;
    if (wake === 1) await this.queue.enqueue(maxDelayMs);
    if (Math.floor(after / maxBatchSize) > Math.floor(before / maxBatchSize)) await this.queue.enqueue(0);
    // Versions stay below 2^53 (ms × 1000 until the year 2255), so numbers hold them exactly.
    group.forEach((w, i) => {
      if (i >= stored) {
        w.reject(new BacklogFullError(this.name, after, maxBacklog, retryAfterSeconds));
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
      this.redis.client.hget(this.key('latest'), id),
      this.redis.client.hget(this.key('entries'), id),
    ]);
    const updated = latestId ? await this.redis.client.hget(this.key('entries'), latestId) : null;
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
    const results = await this.redis.client
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
      maxBacklog: this.settings.maxBacklog,
      lagSeconds: oldest.length > 0 ? Math.max(0, (nowMs - Math.min(...oldest)) / 1_000) : 0,
      inFlight: value(4) as number,
      retrying: value(5) as number,
      deadLetters: value(6) as number,
      mysqlPaused: (value(7) as number) > 0,
    };
  }

  /** Dead letters, oldest failure first. */
  listDeadLetters(options: { offset?: number; limit?: number } = {}): Promise<DeadLetter<T>[]> {
    return this.whenOpen(() => this.deadLetters.list(options));
  }

  /**
   * Puts dead letters back into the flush flow (all of them when `entryIds` is omitted).
   * They keep their version, so they cannot overwrite a newer value. Not subject to
   * `maxBacklog`. Returns how many were replayed.
   */
  replayDeadLetters(entryIds?: string[]): Promise<number> {
    return this.whenOpen(() => this.deadLetters.replay(entryIds));
  }

  /** Deletes dead letters for good. Returns how many were deleted. */
  discardDeadLetters(entryIds: string[]): Promise<number> {
    return this.whenOpen(() => this.deadLetters.discard(entryIds));
  }

  /**
   * Makes this process a flush worker: it runs Bull flush jobs, drains the backlog left by
   * earlier processes, and sweeps every `sweepIntervalMs` for entries whose job was lost.
   */
  async startWorker(): Promise<void> {
    this.assertOpen();
    await this.flusher.start();
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
    this.flusher.stop();
    this.metrics.untrack(this);
    await this.queue.close();
    await this.redis.close();
    if (this.ownsPool) await this.pool.end().catch(() => undefined);
  }

  // --------------------------------------------------------------------------- helpers

  // Reads look at expanded entries only, so they first expand what is still in the inbox
  // (usually little: workers expand as they claim; after a worker outage, the whole backlog once).
  private async expandInbox(): Promise<void> {
    while (Number(await this.redis.run('expand', EXPAND_CHUNK)) >= EXPAND_CHUNK) {
      // more groups waiting
    }
  }

  // The newest pending entry of every record (O(backlog): reads scale with what is pending).
  private async pendingRecords(): Promise<StoredRecord<T>[]> {
    const byKey = new Map<string, StoredRecord<T>>();
    for (const raw of await this.redis.client.hvals(this.key('entries'))) {
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

  private key(name: Parameters<StoreRedis['key']>[0]): string {
    return this.redis.key(name);
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreClosedError(this.name);
  }

  // Runs `action` if the store is open; a closed store rejects (as the async methods did).
  private async whenOpen<R>(action: () => Promise<R>): Promise<R> {
    this.assertOpen();
    return action();
  }
}

function newest<T>(a: StoredRecord<T> | null, b: StoredRecord<T> | null): StoredRecord<T> | null {
  if (!a) return b;
  if (!b) return a;
  return a.version >= b.version ? a : b;
}

function isPool(value: Pool | PoolOptions): value is Pool {
  return typeof (value as Pool).getConnection === 'function' && typeof (value as Pool).query === 'function';
}
