import type { RedisOptions } from 'ioredis';
import type { Pool, PoolOptions } from 'mysql2/promise';
import type { Registry } from 'prom-client';

import { backoffDelayMs, BackoffOptions } from './backoff';
import type { WhereFilter, WriteBehindTable } from './write-behind.table';

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
export interface Entry {
  m: string;
  k: string;
  v: number;
  t: number;
  e: unknown;
}

export interface ClaimedEntry extends Entry {
  attempts: number;
}

/** The numeric options of a store, defaulted and validated once. */
export interface StoreSettings {
  maxBatchSize: number;
  maxDelayMs: number;
  maxBacklog: number;
  retryAfterSeconds: number;
  maxAttempts: number;
  retryBackoff: BackoffOptions;
  leaseMs: number;
  sweepIntervalMs: number;
  workerConcurrency: number;
}

export const DEFAULT_LOGGER: WriteBehindLogger = {
  warn: (message) => console.warn(message),
  error: (message) => console.error(message),
};

export function storeSettings(options: WriteBehindStoreOptions<unknown>): StoreSettings {
  const maxBatchSize = positive(options.maxBatchSize ?? 500, 'maxBatchSize');
  // One batch is read with a single HMGET inside a Lua script, whose stack holds ~8000 values.
  if (maxBatchSize > 5_000) throw new RangeError(`maxBatchSize must be at most 5000, got ${maxBatchSize}`);
  return {
    maxBatchSize,
    maxDelayMs: positive(options.maxDelayMs ?? 200, 'maxDelayMs'),
    maxBacklog: positive(options.maxBacklog ?? 100_000, 'maxBacklog'),
    retryAfterSeconds: positive(options.retryAfterSeconds ?? 5, 'retryAfterSeconds'),
    maxAttempts: positive(options.maxAttempts ?? 5, 'maxAttempts'),
    retryBackoff: validBackoff(options.retryBackoff ?? { initialMs: 200, maxMs: 5_000 }),
    leaseMs: positive(options.leaseMs ?? 30_000, 'leaseMs'),
    sweepIntervalMs: positive(options.sweepIntervalMs ?? 1_000, 'sweepIntervalMs'),
    workerConcurrency: positive(options.workerConcurrency ?? 2, 'workerConcurrency'),
  };
}

// Validates the bounds now rather than at the first failure.
function validBackoff(backoff: BackoffOptions): BackoffOptions {
  backoffDelayMs(1, backoff);
  return backoff;
}

function positive(value: number, name: string): number {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a positive number, got ${value}`);
  return value;
}
