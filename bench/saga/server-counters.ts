import type { Connection, RowDataPacket } from 'mysql2/promise';

/** The server-wide counters the bench reads before and after a level (SHOW GLOBAL STATUS). */
const COUNTERS = [
  'Questions',
  'Com_select',
  'Com_insert',
  'Com_update',
  'Com_delete',
  'Com_commit',
  'Com_begin',
  'Handler_commit',
] as const;
export type ServerCounters = Record<(typeof COUNTERS)[number], number>;

export async function readServerCounters(db: Connection): Promise<ServerCounters> {
  const [rows] = await db.query<RowDataPacket[]>(
    `SHOW GLOBAL STATUS WHERE Variable_name IN (${COUNTERS.map(() => '?').join(', ')})`,
    [...COUNTERS],
  );
  const byName = new Map(rows.map((r) => [String(r.Variable_name), Number(r.Value)]));
  return Object.fromEntries(COUNTERS.map((c) => [c, byName.get(c) ?? 0])) as ServerCounters;
}

export function counterDelta(before: ServerCounters, after: ServerCounters): ServerCounters {
  return Object.fromEntries(COUNTERS.map((c) => [c, after[c] - before[c]])) as ServerCounters;
}

/** What one order cost the fleet's databases, exactly, from the general log. */
export interface StatementCount {
  statements: number;
  /** Explicit COMMITs plus writes in autocommit mode: each is one durable commit. */
  commits: number;
  /** Statement texts with literals replaced by `?`, with how often each ran. */
  byText: Map<string, number>;
  bySchema: Map<string, number>;
}

const WRITE = /^\s*(insert|update|delete|replace)\b/i;

/** `SELECT 1 FROM t WHERE id = 'x' AND n IN (1, 2)` → `SELECT 1 FROM t WHERE id = ? AND n IN (?)`. */
export function normaliseStatement(sql: string): string {
  return sql
    .replace(/\s+/g, ' ')
    .replace(/'(?:[^'\\]|\\.)*'/g, '?')
    .replace(/\b\d+(?:\.\d+)?\b/g, '?')
    .replace(/\((?:\?, )+\?\)/g, '(?)')
    .replace(/(?:\(\?\), )+\(\?\)/g, '(?)…')
    .trim();
}

/**
 * Logs every statement the server runs while `work` runs (general log to the mysql.general_log
 * table), then counts those of connections to `schemas`. Other clients of a shared server are
 * logged too but not counted. The server's logging settings are restored afterwards, whatever
 * happens.
 */
export async function countStatements(
  db: Connection,
  schemas: ReadonlySet<string>,
  work: () => Promise<void>,
): Promise<StatementCount> {
  const [[settings]] = await db.query<RowDataPacket[]>(
    'SELECT @@GLOBAL.general_log AS on_, @@GLOBAL.log_output AS output',
  );
  await db.query("SET GLOBAL log_output = 'TABLE'");
  await db.query('TRUNCATE mysql.general_log');
  await db.query('SET GLOBAL general_log = 1');
  try {
    await work();
  } finally {
    await db.query(`SET GLOBAL general_log = ${Number(settings.on_) ? 1 : 0}`);
    await db.query('SET GLOBAL log_output = ?', [settings.output]);
  }
  const [threads] = await db.query<RowDataPacket[]>('SELECT ID AS id, DB AS db FROM information_schema.PROCESSLIST');
  const schemaOf = new Map(threads.map((t) => [Number(t.id), String(t.db ?? '')]));
  const [log] = await db.query<RowDataPacket[]>(
    "SELECT thread_id, command_type, CONVERT(argument USING utf8mb4) AS argument FROM mysql.general_log WHERE command_type IN ('Query', 'Execute', 'Connect', 'Init DB') ORDER BY event_time",
  );
  await db.query('TRUNCATE mysql.general_log');
  const count: StatementCount = { statements: 0, commits: 0, byText: new Map(), bySchema: new Map() };
  const inTransaction = new Set<number>();
  for (const row of log) {
    const thread = Number(row.thread_id);
    const text = String(row.argument);
    if (row.command_type === 'Connect') {
      const schema = / on (\S+)/.exec(text)?.[1];
      if (schema) schemaOf.set(thread, schema);
      continue;
    }
    if (row.command_type === 'Init DB') {
      schemaOf.set(thread, text.trim());
      continue;
    }
    const schema = schemaOf.get(thread) ?? '';
    if (!schemas.has(schema)) continue;
    count.statements++;
    count.bySchema.set(schema, (count.bySchema.get(schema) ?? 0) + 1);
    const normalised = normaliseStatement(text);
    count.byText.set(`${schema}: ${normalised}`, (count.byText.get(`${schema}: ${normalised}`) ?? 0) + 1);
    if (/^\s*(start transaction|begin)\b/i.test(text)) inTransaction.add(thread);
    else if (/^\s*commit\b/i.test(text)) {
      inTransaction.delete(thread);
      count.commits++;
    } else if (/^\s*rollback\b/i.test(text)) inTransaction.delete(thread);
    else if (WRITE.test(text) && !inTransaction.has(thread)) count.commits++;
  }
  return count;
}
