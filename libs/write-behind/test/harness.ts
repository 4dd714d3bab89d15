// Shared helpers of the write-behind integration suites: a private database and Redis
// key prefix per suite, and polling on real state. The TCP proxy that cuts MySQL off is
// @shop/platform/testing's, which the e2e suites use too.
import { randomBytes } from 'node:crypto';

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
