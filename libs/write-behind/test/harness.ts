// Shared helpers of the write-behind integration suites: a private database and Redis
// key prefix per suite, polling on real state, and a TCP proxy that can cut MySQL off.
import { randomBytes } from 'node:crypto';
import net from 'node:net';

import Redis from 'ioredis';
import { createConnection, createPool, Pool, RowDataPacket } from 'mysql2/promise';

import { createTableSql } from '../src/write-behind.table';
import { testOrdersTable } from './fixtures';

export const MYSQL = { host: '127.0.0.1', port: 3306, user: 'root', password: '' };
export const REDIS = { host: '127.0.0.1', port: 6379 };

export interface TestEnv {
  database: string;
  keyPrefix: string;
  pool: Pool;
  redis: Redis;
  /** Row count and distinct ids in the test table. */
  counts(): Promise<{ rows: number; distinct: number }>;
  dispose(): Promise<void>;
}

/** A fresh database with the test table and a Redis prefix nobody else uses. */
export async function createTestEnv(): Promise<TestEnv> {
  const suffix = randomBytes(4).toString('hex');
  const database = `wb_test_${suffix}`;
  const keyPrefix = `wbtest:${suffix}`;
  const admin = await createConnection(MYSQL);
  await admin.query(`CREATE DATABASE \`${database}\``);
  await admin.end();
  const pool = createPool({ ...MYSQL, database, connectionLimit: 8 });
  await pool.query(createTableSql(testOrdersTable));
  const redis = new Redis(REDIS);
  return {
    database,
    keyPrefix,
    pool,
    redis,
    async counts() {
      const [rows] = await pool.query<RowDataPacket[]>('SELECT COUNT(*) AS n, COUNT(DISTINCT id) AS d FROM wb_orders');
      return { rows: Number(rows[0].n), distinct: Number(rows[0].d) };
    },
    async dispose() {
      await pool.query(`DROP DATABASE IF EXISTS \`${database}\``).catch(() => undefined);
      await pool.end().catch(() => undefined);
      await deleteKeys(redis, `${keyPrefix}:*`);
      await redis.quit();
    },
  };
}

async function deleteKeys(redis: Redis, pattern: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

/** Polls `condition` until it holds or `timeoutMs` passes (then fails with `what`). */
export async function waitFor(
  what: string,
  condition: () => Promise<boolean> | boolean,
  { timeoutMs = 20_000, intervalMs = 50 } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      if (await condition()) return;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${lastError instanceof Error ? lastError.message : JSON.stringify(lastError)}` : ''}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Runs `task(i)` for i in [0, count) with at most `concurrency` in flight. */
export async function runConcurrently<R>(
  count: number,
  concurrency: number,
  task: (i: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        const i = next++;
        results[i] = await task(i);
      }
    }),
  );
  return results;
}

/**
 * A TCP proxy in front of MySQL. `cut()` stops listening and destroys every connection
 * (MySQL looks dead: new connections are refused, open ones drop); `restore()` listens again.
 */
export class TcpProxy {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async start(): Promise<void> {
    await this.listen(0);
  }

  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async restore(): Promise<void> {
    if (!this.server) await this.listen(this.port);
  }

  private async listen(port: number): Promise<void> {
    const server = net.createServer((client) => {
      const upstream = net.connect(this.target.port, this.target.host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as net.AddressInfo).port;
    this.server = server;
  }
}
