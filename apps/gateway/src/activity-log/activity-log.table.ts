import { defineTable, entryIdTime } from '@shop/write-behind';

import { LogLevel } from './activity-log.constants';

/** One activity-log entry as stored (Redis while pending, then the `activity_logs` row). */
export interface ActivityLogEntry {
  level: LogLevel;
  message: string;
  context: Record<string, unknown> | null;
  /** When the gateway accepted it (ISO 8601): the time encoded in the entry's id. */
  createdAt: string;
}

/**
 * `activity_logs` in the gateway's database. The key is a ULID whose time part is `createdAt`,
 * so "newest first by id" is "newest first by time" and a time range is a key range.
 * `created_at` duplicates that time for people reading the table with SQL.
 */
export const activityLogsTable = defineTable<ActivityLogEntry>({
  name: 'activity_logs',
  keyType: 'CHAR(26)',
  columns: {
    level: { type: 'VARCHAR(8)' },
    message: { type: 'TEXT' },
    context: { type: 'JSON', nullable: true },
    created_at: { type: 'DATETIME(3)' },
  },
  // InnoDB secondary indexes end with the primary key: (level, id) serves "level = ? ORDER BY id DESC".
  indexes: [['level']],
  toRow: (entry) => ({
    level: entry.level,
    message: entry.message,
    context: entry.context,
    created_at: new Date(entry.createdAt),
  }),
  fromRow: (row) => ({
    level: String(row.level) as LogLevel,
    message: String(row.message),
    context: parseContext(row.context),
    createdAt: new Date(entryIdTime(String(row.id))).toISOString(),
  }),
});

// MariaDB's JSON is LONGTEXT (a string comes back); MySQL 8 returns the parsed object.
function parseContext(value: unknown): Record<string, unknown> | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return JSON.parse(value) as Record<string, unknown>;
  return value as Record<string, unknown>;
}
