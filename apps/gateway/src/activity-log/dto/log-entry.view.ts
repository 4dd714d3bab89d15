import type { StoredRecord } from '@shop/write-behind';

import type { LogLevel } from '../activity-log.constants';
import type { ActivityLogEntry } from '../activity-log.table';

/** An entry as `GET /api/logs` returns it. */
export interface LogEntryView {
  id: string;
  level: LogLevel;
  message: string;
  context: Record<string, unknown> | null;
  createdAt: string;
  /** True while the entry is only in Redis (accepted, not yet flushed to MySQL). */
  pending: boolean;
}

export interface LogPage {
  items: LogEntryView[];
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

/** Accepted answer of `POST /api/logs`. */
export interface LogAccepted {
  id: string;
  accepted: true;
  pending: true;
}

/** `GET /api/logs/stats`: counters of this gateway process plus the store's global state. */
export interface LogStats {
  /** Entries this process accepted (stored in Redis) since it started. */
  written: number;
  /** Entries accepted by any replica and not yet in MySQL (global, from Redis). */
  pending: number;
  /** Entries this process flushed to MySQL since it started. */
  flushed: number;
  /** Entries whose flush attempt failed in this process (each retried or dead-lettered later). */
  failed: number;
  /** Entries this process moved to the dead-letter list since it started. */
  deadLettered: number;
  /** Dead letters waiting to be replayed or discarded right now (global). */
  deadLetters: number;
  /** Batches this process flushed and their mean size (0 before the first). */
  batches: number;
  averageBatchSize: number;
  /** Age of the oldest entry not yet in MySQL (global); 0 when nothing is pending. */
  lagSeconds: number;
  /** True while flush workers back off because MySQL is unreachable. */
  mysqlPaused: boolean;
}

export function toLogEntryView(record: StoredRecord<ActivityLogEntry>): LogEntryView {
  const { level, message, context, createdAt } = record.value;
  return { id: record.id, level, message, context, createdAt, pending: record.pending };
}
