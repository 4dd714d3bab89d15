/** A value the store passes to mysql2 as a statement parameter. */
export type SqlValue = string | number | bigint | boolean | Date | Buffer | null;

/** One column of a write-behind table, besides the key and version columns. */
export interface ColumnDefinition {
  /** SQL type as written in DDL, e.g. `VARCHAR(64)`, `BIGINT`, `JSON`, `DATETIME(3)`. */
  type: string;
  /** Defaults to `false` (NOT NULL). */
  nullable?: boolean;
}

/**
 * How a store's values map onto a MySQL table.
 *
 * The table always has a string key column (the record id, a ULID for records created by
 * `write()` without an id) and a BIGINT version column that the flush uses to keep
 * per-record order: a row is only overwritten by a higher version.
 */
export interface WriteBehindTable<T> {
  /** SQL table name. */
  name: string;
  /** Primary key column. Default `id`. */
  keyColumn?: string;
  /** SQL type of the key column. Default `VARCHAR(64)`. */
  keyType?: string;
  /** Version column. Default `version`. */
  versionColumn?: string;
  /** Every other column, in DDL order. */
  columns: Record<string, ColumnDefinition>;
  /** Secondary indexes, each a list of column names (e.g. for the filters `query()` uses). */
  indexes?: string[][];
  /** Maps a value to its row (all of `columns`; missing ones are written as NULL). */
  toRow(value: T): Record<string, unknown>;
  /**
   * Maps a row read from MySQL back to a value. It should return the same shape `write()`
   * received once JSON-round-tripped, because pending values come back from Redis as JSON.
   */
  fromRow(row: Record<string, unknown>): T;
}

/** Identity helper that keeps `T` inferred when declaring a table. */
export function defineTable<T>(table: WriteBehindTable<T>): WriteBehindTable<T> {
  return table;
}

/** Equality filters on table columns; an array means `IN (...)`. */
export type WhereFilter = Record<string, SqlValue | SqlValue[]>;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]*$/;

/** Backtick-quotes an identifier after checking it; identifiers can never be parameters. */
export function quoteIdentifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`Invalid SQL identifier: ${JSON.stringify(name)}`);
  return `\`${name}\``;
}

/** Resolved names of a table definition, checked once. */
export interface TableLayout {
  table: string;
  key: string;
  version: string;
  columns: string[];
}

export function tableLayout(table: WriteBehindTable<unknown>): TableLayout {
  const key = table.keyColumn ?? 'id';
  const version = table.versionColumn ?? 'version';
  const columns = Object.keys(table.columns);
  for (const name of [table.name, key, version, ...columns]) quoteIdentifier(name);
  if (columns.includes(key) || columns.includes(version)) {
    throw new Error(`Table ${table.name}: "columns" must not repeat the key or version column`);
  }
  return { table: table.name, key, version, columns };
}

/**
 * The `CREATE TABLE IF NOT EXISTS` statement for a write-behind table, for an app's
 * TypeORM migration: `await queryRunner.query(createTableSql(ordersTable))`.
 */
export function createTableSql(table: WriteBehindTable<unknown>): string {
  const layout = tableLayout(table);
  const lines = [
    `${quoteIdentifier(layout.key)} ${table.keyType ?? 'VARCHAR(64)'} NOT NULL`,
    ...layout.columns.map((name) => {
      const column = table.columns[name];
      return `${quoteIdentifier(name)} ${column.type} ${column.nullable ? 'NULL' : 'NOT NULL'}`;
    }),
    `${quoteIdentifier(layout.version)} BIGINT NOT NULL`,
    `PRIMARY KEY (${quoteIdentifier(layout.key)})`,
    ...(table.indexes ?? []).map(
      (columns) =>
        `KEY ${quoteIdentifier(`idx_${table.name}_${columns.join('_')}`.slice(0, 64))} (${columns.map(quoteIdentifier).join(', ')})`,
    ),
  ];
  return `CREATE TABLE IF NOT EXISTS ${quoteIdentifier(layout.table)} (\n  ${lines.join(',\n  ')}\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`;
}

/** A row ready to be upserted: record key, its version and the mapped columns. */
export interface VersionedRow {
  key: string;
  version: number;
  row: Record<string, unknown>;
}

/**
 * One multi-row upsert keyed by the record key. Each column only takes the new value when
 * the incoming version is higher, and the version column is assigned last (MySQL and
 * MariaDB evaluate ON DUPLICATE KEY assignments left to right), so replaying a batch, or
 * flushing an older version after a newer one, never changes a row backwards.
 */
export function upsertStatement(layout: TableLayout, rows: VersionedRow[]): { sql: string; params: SqlValue[] } {
  if (rows.length === 0) throw new Error('upsertStatement needs at least one row');
  const names = [layout.key, ...layout.columns, layout.version];
  const placeholders = `(${names.map(() => '?').join(', ')})`;
  const params: SqlValue[] = [];
  for (const { key, version, row } of rows) {
    params.push(key);
    for (const column of layout.columns) params.push(toSqlValue(row[column]));
    params.push(version);
  }
  const v = quoteIdentifier(layout.version);
  const updates = [
    ...layout.columns.map((name) => {
      const c = quoteIdentifier(name);
      return `${c} = IF(VALUES(${v}) > ${v}, VALUES(${c}), ${c})`;
    }),
    `${v} = GREATEST(${v}, VALUES(${v}))`,
  ];
  const sql =
    `INSERT INTO ${quoteIdentifier(layout.table)} (${names.map(quoteIdentifier).join(', ')}) VALUES ` +
    rows.map(() => placeholders).join(', ') +
    ` ON DUPLICATE KEY UPDATE ${updates.join(', ')}`;
  return { sql, params };
}

/**
 * `SELECT` for one page of `query()`: equality filters, keys below `before`, newest first.
 */
export function selectPageStatement(
  layout: TableLayout,
  where: WhereFilter,
  before: string | undefined,
  limit: number,
): { sql: string; params: SqlValue[] } {
  const clauses: string[] = [];
  const params: SqlValue[] = [];
  for (const [column, value] of Object.entries(where)) {
    if (column !== layout.key && column !== layout.version && !layout.columns.includes(column)) {
      throw new Error(`Unknown column in filter: ${column}`);
    }
    if (Array.isArray(value)) {
      if (value.length === 0) {
        clauses.push('1 = 0');
        continue;
      }
      clauses.push(`${quoteIdentifier(column)} IN (${value.map(() => '?').join(', ')})`);
      params.push(...value);
    } else if (value === null) {
      clauses.push(`${quoteIdentifier(column)} IS NULL`);
    } else {
      clauses.push(`${quoteIdentifier(column)} = ?`);
      params.push(value);
    }
  }
  if (before !== undefined) {
    clauses.push(`${quoteIdentifier(layout.key)} < ?`);
    params.push(before);
  }
  const sql =
    `SELECT * FROM ${quoteIdentifier(layout.table)}` +
    (clauses.length > 0 ? ` WHERE ${clauses.join(' AND ')}` : '') +
    ` ORDER BY ${quoteIdentifier(layout.key)} DESC LIMIT ${Math.floor(limit)}`;
  return { sql, params };
}

/**
 * Whether a pending value's row passes the same filters in memory. Values are compared as
 * strings so `5` and `'5'` (DECIMAL comes back as a string) agree, like MySQL would.
 */
export function rowMatches(row: Record<string, unknown>, where: WhereFilter): boolean {
  return Object.entries(where).every(([column, expected]) => {
    const actual = row[column] ?? null;
    const candidates = Array.isArray(expected) ? expected : [expected];
    return candidates.some((candidate) =>
      candidate === null ? actual === null : actual !== null && String(toSqlValue(actual)) === String(candidate),
    );
  });
}

/** Normalises a mapped column value for mysql2 (objects and arrays become JSON text). */
export function toSqlValue(value: unknown): SqlValue {
  if (value === undefined || value === null) return null;
  if (
    typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'bigint' ||
    typeof value === 'boolean' ||
    value instanceof Date ||
    Buffer.isBuffer(value)
  ) {
    return value;
  }
  // mysql2 would otherwise expand an object into `key = value` pairs.
  return JSON.stringify(value);
}
