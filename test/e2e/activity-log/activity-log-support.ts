import { Connection, createConnection, RowDataPacket } from 'mysql2/promise';

import { gateway } from '../gateway/gateway-client';
import { eventually, processNamed } from '../support/fleet';

/** Helpers of the activity-log e2e specs. */

export interface LogEntry {
  id: string;
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  context: Record<string, unknown> | null;
  createdAt: string;
  pending: boolean;
}

export interface LogStats {
  written: number;
  pending: number;
  flushed: number;
  failed: number;
  deadLettered: number;
  deadLetters: number;
  batches: number;
  averageBatchSize: number;
  lagSeconds: number;
  mysqlPaused: boolean;
}

/** A marker no other test's messages contain. */
export const uniqueMarker = (what: string): string =>
  `${what}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

/**
 * Posts one entry and returns its id. A 429 (the gateway's per-client rate limit, shared with
 * whatever suite ran just before) is waited out and retried: it is not what these specs test.
 */
export async function writeLog(entry: { level: string; message: string; context?: unknown }): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    const answer = await gateway<{ id: string }>('/api/logs', { method: 'POST', body: entry });
    if (answer.status === 202) return answer.body.id;
    if (answer.status !== 429 || attempt >= 5)
      throw new Error(`POST /api/logs answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    await new Promise((r) => setTimeout(r, Number(answer.headers.get('retry-after') ?? 1) * 1_000));
  }
}

/** Waits until the log answers (the fleet is ready and no earlier suite's rate-limit window is open). */
export function untilLogAnswers(): Promise<true> {
  return eventually(
    'GET /api/logs/stats to answer 200',
    async () => ((await gateway('/api/logs/stats', { admin: true })).status === 200 ? true : undefined),
    15_000,
  );
}

export async function listLogs(
  query: Record<string, string | number>,
): Promise<{ items: LogEntry[]; nextCursor: string | null }> {
  const qs = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString();
  const answer = await gateway<{ items: LogEntry[]; nextCursor: string | null }>(`/api/logs?${qs}`, { admin: true });
  if (answer.status !== 200)
    throw new Error(`GET /api/logs?${qs} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** Every page of a query, following `nextCursor`. */
export async function allPages(query: Record<string, string | number>): Promise<LogEntry[][]> {
  const pages: LogEntry[][] = [];
  let cursor: string | null = null;
  do {
    const page = await listLogs(cursor ? { ...query, cursor } : query);
    pages.push(page.items);
    cursor = page.nextCursor;
  } while (cursor && pages.length < 100);
  return pages;
}

export async function stats(): Promise<LogStats> {
  return (await gateway<LogStats>('/api/logs/stats', { admin: true })).body;
}

/** A connection to the gateway's own database (`${prefix}gateway`), as the fleet configured it. */
export function gatewayDatabase(): Promise<Connection> {
  const env = processNamed('gateway').env;
  return createConnection({
    host: env.MYSQL_HOST,
    port: Number(env.MYSQL_PORT),
    user: env.MYSQL_USER,
    password: env.MYSQL_PASSWORD ?? '',
    database: env.MYSQL_DATABASE,
  });
}

/** Rows of the gateway's `activity_logs` (in `${prefix}gateway`) whose id is one of `ids`. */
export async function rowsWithIds(
  ids: string[],
): Promise<Array<{ id: string; level: string; message: string; version: number }>> {
  const connection = await gatewayDatabase();
  try {
    const [rows] = await connection.query<RowDataPacket[]>(
      'SELECT id, level, message, version FROM activity_logs WHERE id IN (?)',
      [ids],
    );
    return rows.map((r) => ({
      id: String(r.id),
      level: String(r.level),
      message: String(r.message),
      version: Number(r.version),
    }));
  } finally {
    await connection.end();
  }
}

/** Waits until every one of `ids` is a row in MySQL. */
export function untilFlushed(ids: string[], timeoutMs = 20_000): Promise<true> {
  return eventually(
    `${ids.length} entries in MySQL`,
    async () => ((await rowsWithIds(ids)).length === ids.length ? true : undefined),
    timeoutMs,
  );
}
