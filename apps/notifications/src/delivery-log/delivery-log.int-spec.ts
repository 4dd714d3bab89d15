import { randomBytes } from 'node:crypto';

import { createTableSql, WriteBehindStore } from '@shop/write-behind';
import Redis from 'ioredis';
import { createConnection, createPool, Pool, RowDataPacket } from 'mysql2/promise';
import { Registry } from 'prom-client';

import { DeliveryLogService } from './delivery-log.service';
import { DeliveryAttemptRecord, deliveryLogTable } from './delivery-log.table';

// Real MariaDB and Redis on 127.0.0.1, as the write-behind suites use them: a private database and key prefix.
const MYSQL = { host: '127.0.0.1', port: 3306, user: 'root', password: '' };
const REDIS = { host: '127.0.0.1', port: 6379 };

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('DeliveryLogService on MariaDB and Redis', () => {
  const suffix = randomBytes(4).toString('hex');
  const database = `dl_test_${suffix}`;
  const keyPrefix = `dltest:${suffix}`;
  let pool: Pool;
  let store: WriteBehindStore<DeliveryAttemptRecord>;
  let log: DeliveryLogService;

  beforeAll(async () => {
    const admin = await createConnection(MYSQL);
    await admin.query(`CREATE DATABASE \`${database}\``);
    await admin.end();
    pool = createPool({ ...MYSQL, database, connectionLimit: 4, timezone: 'Z' });
    await pool.query(createTableSql(deliveryLogTable));
    store = new WriteBehindStore({
      name: 'delivery-log',
      table: deliveryLogTable,
      redis: REDIS,
      mysql: pool,
      keyPrefix,
      registry: new Registry(),
      maxDelayMs: 50,
    });
    log = new DeliveryLogService(store);
  });

  afterAll(async () => {
    await store.close();
    await pool.query(`DROP DATABASE IF EXISTS \`${database}\``).catch(() => undefined);
    await pool.end();
    const redis = new Redis(REDIS);
    const keys = await redis.keys(`${keyPrefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('returns a recorded attempt at once, then lands it in delivery_log exactly once with the same values', async () => {
    const orderId = `order-${suffix}`;
    const first = await log.recordAttempt({
      notificationId: `n-${suffix}`,
      orderId,
      channel: 'email',
      to: 'a@example.com',
      attempt: 1,
      outcome: 'failed',
      error: 'provider answered 503',
    });
    const second = await log.recordAttempt({
      notificationId: `n-${suffix}`,
      orderId,
      channel: 'email',
      to: 'a@example.com',
      attempt: 2,
      outcome: 'sent',
      providerMessageId: 'pm-42',
    });
    await log.recordAttempt({
      notificationId: 'n-other',
      orderId: 'another-order',
      channel: 'sms',
      to: '+3312345678',
      attempt: 1,
      outcome: 'queued',
    });

    // No worker yet: both entries are only in Redis and already readable, newest first.
    const pending = await log.list({ orderId });
    expect(pending.items.map((e) => [e.id, e.attempt, e.outcome, e.pending])).toEqual([
      [second.id, 2, 'sent', true],
      [first.id, 1, 'failed', true],
    ]);

    await store.startWorker();
    const rows = await waitFor('both rows in MySQL', async () => {
      const [found] = await pool.query<RowDataPacket[]>('SELECT * FROM delivery_log WHERE order_id = ? ORDER BY id', [
        orderId,
      ]);
      return found.length === 2 ? found : undefined;
    });
    expect(rows.map((r) => [r.id, r.attempt, r.outcome, r.error, r.provider_message_id])).toEqual([
      [first.id, 1, 'failed', 'provider answered 503', null],
      [second.id, 2, 'sent', null, 'pm-42'],
    ]);

    // Read back from MySQL: the same values the pending entries had (times included).
    await waitFor('the backlog to drain', async () => ((await store.stats()).backlog === 0 ? true : undefined));
    const flushed = await log.list({ orderId });
    expect(flushed.items).toEqual(pending.items.map((e) => ({ ...e, pending: false })));
    expect((await log.list({ notificationId: 'n-other' })).items).toHaveLength(1);
  });
});
