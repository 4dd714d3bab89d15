import { Test } from '@nestjs/testing';
import { RowDataPacket } from 'mysql2/promise';
import { Registry } from 'prom-client';

import { TestOrder, testOrdersTable } from '../test/fixtures';
import { createTestEnv, MYSQL, REDIS, runConcurrently, TestEnv, waitFor } from '../test/harness';
import { getWriteBehindStoreToken } from './write-behind.constants';
import { isBacklogFullError } from './write-behind.errors';
import { WriteBehindHealthIndicator } from './write-behind.health';
import { WriteBehindModule } from './write-behind.module';
import type { WriteAccepted, WriteBehindStoreOptions } from './write-behind.options';
import { WriteBehindStore } from './write-behind.store';
import { tableLayout, upsertStatement } from './write-behind.table';

jest.setTimeout(60_000);

const quiet = { warn: () => undefined, error: () => undefined };

function order(i: number, overrides: Partial<TestOrder> = {}): TestOrder {
  return { customerId: `c${i % 7}`, status: 'placed', totalCents: i, note: null, ...overrides };
}

describe('WriteBehindStore (real Redis and MariaDB)', () => {
  let env: TestEnv;
  const stores: WriteBehindStore<TestOrder>[] = [];

  function openStore(options: Partial<WriteBehindStoreOptions<TestOrder>> = {}): WriteBehindStore<TestOrder> {
    const store = new WriteBehindStore<TestOrder>({
      name: 'orders',
      table: testOrdersTable,
      redis: REDIS,
      mysql: { ...MYSQL, database: env.database, connectionLimit: 4 },
      keyPrefix: env.keyPrefix,
      registry: new Registry(),
      logger: quiet,
      sweepIntervalMs: 200,
      ...options,
    });
    stores.push(store);
    return store;
  }

  async function drained(store: WriteBehindStore<TestOrder>, timeoutMs = 30_000): Promise<void> {
    await waitFor('the backlog to drain', async () => (await store.stats()).backlog === 0, { timeoutMs });
  }

  beforeEach(async () => {
    env = await createTestEnv();
  });

  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
    await env.dispose();
  });

  it('puts 10 000 concurrent writes in MySQL exactly once', async () => {
    const registry = new Registry();
    const store = openStore({ registry, maxBatchSize: 500 });
    await store.startWorker();

    const accepted = await runConcurrently(10_000, 100, (i) => store.write(order(i)));
    expect(accepted.every((a) => a.accepted)).toBe(true);
    expect(new Set(accepted.map((a) => a.id)).size).toBe(10_000);

    await drained(store);
    expect(await env.counts()).toEqual({ rows: 10_000, distinct: 10_000 });
    const [rows] = await env.pool.query<RowDataPacket[]>('SELECT id FROM wb_orders');
    expect(new Set(rows.map((r) => r.id))).toEqual(new Set(accepted.map((a) => a.id)));

    const metrics = await registry.getMetricsAsJSON();
    const value = (name: string) =>
      metrics.find((m) => m.name === name)?.values.find((v) => v.labels.store === 'orders')?.value;
    expect(value('write_behind_accepted_total')).toBe(10_000);
    expect(value('write_behind_flushed_total')).toBe(10_000);
    expect(value('write_behind_pending')).toBe(0);
    expect(value('write_behind_lag_seconds')).toBe(0);
    const batches = metrics.find((m) => m.name === 'write_behind_flush_batch_size')?.values;
    expect(
      batches?.find((v) => (v as { metricName?: string }).metricName === 'write_behind_flush_batch_size_sum')?.value,
    ).toBe(10_000);
  });

  it('keeps the last value of a record updated many times, whatever order batches land in', async () => {
    // Tiny batches flushed four at a time, so versions of one record race each other.
    const writer = openStore();
    const created = await writer.write(order(1));
    const versions = [created.version];
    for (let n = 1; n <= 30; n++) {
      versions.push((await writer.write(order(1, { totalCents: n, status: `v${n}` }), { id: created.id })).version);
    }
    expect([...versions].sort((a, b) => a - b)).toEqual(versions);

    const worker = openStore({ maxBatchSize: 3, workerConcurrency: 4 });
    await worker.startWorker();
    await drained(worker);

    const [rows] = await env.pool.query<RowDataPacket[]>('SELECT * FROM wb_orders');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: created.id, status: 'v30', total_cents: 30, version: versions[30] });
  });

  it('coalesces updates inside one batch to the newest value', async () => {
    const writer = openStore();
    const first = await writer.write(order(1, { status: 'placed' }));
    await writer.write(order(1, { status: 'paid' }), { id: first.id });
    const last = await writer.write(order(1, { status: 'shipped' }), { id: first.id });

    const registry = new Registry();
    const worker = openStore({ registry });
    await worker.startWorker();
    await drained(worker);

    const [rows] = await env.pool.query<RowDataPacket[]>('SELECT * FROM wb_orders');
    expect(rows).toEqual([expect.objectContaining({ id: first.id, status: 'shipped', version: last.version })]);
    const batches = (await registry.getMetricsAsJSON()).find((m) => m.name === 'write_behind_flush_batch_size');
    expect(
      batches?.values.find((v) => (v as { metricName?: string }).metricName === 'write_behind_flush_batch_size_count')
        ?.value,
    ).toBe(1);
  });

  it('never lets an older version overwrite a newer row, even when a batch is replayed', async () => {
    const layout = tableLayout(testOrdersTable);
    const row = (status: string) => testOrdersTable.toRow(order(1, { status }));
    for (const [status, version] of [
      ['new', 2],
      ['old', 1],
      ['new-again', 2],
    ] as const) {
      const { sql, params } = upsertStatement(layout, [{ key: 'k1', version, row: row(status) }]);
      await env.pool.query(sql, params);
    }
    const [rows] = await env.pool.query<RowDataPacket[]>('SELECT status, version FROM wb_orders');
    expect(rows).toEqual([expect.objectContaining({ status: 'new', version: 2 })]);
  });

  it('throws BacklogFullError past maxBacklog and accepts again once drained', async () => {
    const store = openStore({ maxBacklog: 50, retryAfterSeconds: 7 });
    await runConcurrently(50, 10, (i) => store.write(order(i)));

    const error = await store.write(order(51)).catch((e: unknown) => e);
    expect(isBacklogFullError(error)).toBe(true);
    expect(error).toMatchObject({ retryAfterSeconds: 7, backlog: 50, maxBacklog: 50 });
    expect((await store.stats()).backlog).toBe(50);

    const module = await Test.createTestingModule({
      imports: [
        WriteBehindModule.register({
          name: 'health',
          table: testOrdersTable,
          redis: REDIS,
          mysql: env.pool,
          keyPrefix: env.keyPrefix,
          registry: new Registry(),
          worker: false,
        }),
      ],
    }).compile();
    const health = module.get(WriteBehindHealthIndicator);
    expect(await health.isHealthy(store)).toMatchObject({ 'write-behind-orders': { status: 'down', backlog: 50 } });
    await module.close();

    await store.startWorker();
    await drained(store);
    expect(await health.isHealthy(store)).toMatchObject({ 'write-behind-orders': { status: 'up', backlog: 0 } });
    await expect(store.write(order(52))).resolves.toMatchObject({ accepted: true });
    await drained(store);
    expect(await env.counts()).toEqual({ rows: 51, distinct: 51 });
  });

  it('stores a group of writes of one tick in one call, and only its first writes when the backlog has less room', async () => {
    const store = openStore({ maxBacklog: 30 });
    await runConcurrently(20, 20, (i) => store.write(order(i)));
    // 25 writes issued in one turn of the event loop form one group; 10 fit.
    const outcomes = await Promise.allSettled(Array.from({ length: 25 }, (_, i) => store.write(order(100 + i))));
    const accepted = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
    const rejected = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
    expect(accepted).toHaveLength(10);
    expect(rejected.every((e) => isBacklogFullError(e))).toBe(true);
    // The first ten in call order, with consecutive versions.
    expect(outcomes.slice(0, 10).every((o) => o.status === 'fulfilled')).toBe(true);
    expect(accepted.map((a) => a.version - accepted[0].version)).toEqual([...Array(10).keys()]);

    const stats = await store.stats();
    expect(stats.backlog).toBe(30);
    expect(stats.lagSeconds).toBeGreaterThanOrEqual(0);
    // Still in the inbox (no worker, no read yet), yet readable: a read expands first.
    expect(await store.get(accepted[9].id)).toMatchObject({ pending: true, value: { totalCents: 109 } });

    await store.startWorker();
    await drained(store);
    expect(await env.counts()).toEqual({ rows: 30, distinct: 30 });
  });

  it('keeps record keys and values with tabs, newlines, quotes and non-ASCII intact through the inbox', async () => {
    const store = openStore();
    const key = 'order\t7\n"quoted" \\ back-slashed — ünïcødé 🐕';
    const note = 'a\tb\nc"d';
    await store.write(order(1, { status: 'placed', note: note.slice(0, 8) }), { id: key });
    const created = await store.write(order(2, { status: 'línea\nnueva' }));
    await store.write(order(1, { status: 'paid', note: note.slice(0, 8) }), { id: key });

    expect(await store.get(key)).toMatchObject({
      id: key,
      pending: true,
      value: { status: 'paid', note: note.slice(0, 8) },
    });
    expect(await store.get(created.id)).toMatchObject({ pending: true, value: { status: 'línea\nnueva' } });

    await store.startWorker();
    await drained(store);
    const [rows] = await env.pool.query<RowDataPacket[]>('SELECT id, status, note FROM wb_orders ORDER BY status');
    expect(rows).toEqual([
      expect.objectContaining({ id: created.id, status: 'línea\nnueva' }),
      expect.objectContaining({ id: key, status: 'paid', note: note.slice(0, 8) }),
    ]);
  });

  it('dead-letters rows MySQL keeps rejecting, flushes their batch mates, and replays them', async () => {
    const store = openStore({ maxAttempts: 3, retryBackoff: { initialMs: 20, maxMs: 100 } });
    const good = await runConcurrently(20, 5, (i) => store.write(order(i)));
    const poison = await store.write(order(99, { note: 'far too long for VARCHAR(8)' }));
    await store.startWorker();

    await waitFor('the poison entry to be dead-lettered', async () => (await store.stats()).deadLetters === 1);
    await drained(store);
    expect(await env.counts()).toEqual({ rows: 20, distinct: 20 });
    const [letter] = await store.listDeadLetters();
    expect(letter).toMatchObject({ entryId: poison.entryId, id: poison.id, version: poison.version, attempts: 3 });
    expect(letter.value.note).toBe('far too long for VARCHAR(8)');
    expect(letter.error).toMatch(/ER_DATA_TOO_LONG/);
    expect(good.map((g) => g.id)).not.toContain(poison.id);

    // The fix ships (a wider column); replaying the dead letter now lands it once.
    await env.pool.query('ALTER TABLE wb_orders MODIFY note VARCHAR(64) NULL');
    expect(await store.replayDeadLetters()).toBe(1);
    await drained(store);
    expect(await store.listDeadLetters()).toEqual([]);
    expect(await env.counts()).toEqual({ rows: 21, distinct: 21 });
    const [rows] = await env.pool.query<RowDataPacket[]>('SELECT note, version FROM wb_orders WHERE id = ?', [
      poison.id,
    ]);
    expect(rows[0]).toMatchObject({ note: 'far too long for VARCHAR(8)', version: poison.version });
  });

  it('reads its own writes: pending values merge with flushed rows, newest first, by cursor', async () => {
    const worker = openStore();
    const flushed: WriteAccepted[] = [];
    for (let i = 0; i < 5; i++) flushed.push(await worker.write(order(i, { status: 'paid' })));
    await worker.startWorker();
    await drained(worker);
    await worker.close();

    // No worker from here on: everything written now stays pending in Redis.
    const store = openStore();
    const pending: WriteAccepted[] = [];
    for (let i = 5; i < 8; i++) pending.push(await store.write(order(i, { status: 'paid' })));
    await store.write(order(0, { status: 'refunded' }), { id: flushed[0].id });
    await store.write(order(1, { status: 'paid', totalCents: 1_000 }), { id: flushed[1].id });

    const single = await store.get(flushed[0].id);
    expect(single).toMatchObject({ id: flushed[0].id, pending: true, value: { status: 'refunded' } });
    expect(await store.get(flushed[2].id)).toMatchObject({ pending: false, value: { status: 'paid', totalCents: 2 } });
    expect(await store.get('no-such-id')).toBeNull();

    const allIds = [...flushed, ...pending]
      .map((w) => w.id)
      .sort()
      .reverse();
    const pages = [];
    let cursor: string | undefined;
    do {
      const page = await store.query({ limit: 3, cursor });
      pages.push(page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(pages.flat().map((r) => r.id)).toEqual(allIds);
    expect(pages[0].map((r) => r.pending)).toEqual([true, true, true]);

    // The filter sees the pending value: the refunded record leaves 'paid', the updated total shows.
    const paid = await store.query({ where: { status: 'paid' } });
    expect(paid.items.map((r) => r.id)).toEqual(allIds.filter((id) => id !== flushed[0].id));
    expect(paid.items.find((r) => r.id === flushed[1].id)).toMatchObject({
      pending: true,
      value: { totalCents: 1_000 },
    });
    const refunded = await store.query({ where: { status: ['refunded', 'lost'] } });
    expect(refunded.items).toEqual([expect.objectContaining({ id: flushed[0].id, pending: true })]);
  });

  it('wires a store through WriteBehindModule.registerAsync and flushes on boot', async () => {
    const registry = new Registry();
    const module = await Test.createTestingModule({
      imports: [
        WriteBehindModule.registerAsync({
          name: 'module-orders',
          useFactory: async () => ({
            table: testOrdersTable,
            redis: REDIS,
            mysql: env.pool,
            keyPrefix: env.keyPrefix,
            registry,
            logger: quiet,
          }),
        }),
      ],
    }).compile();
    const app = module.createNestApplication();
    await app.init();
    const store = app.get<WriteBehindStore<TestOrder>>(getWriteBehindStoreToken('module-orders'));
    const accepted = await store.write(order(1));
    await drained(store);
    expect(await store.get(accepted.id)).toMatchObject({ pending: false, value: order(1) });
    expect(await registry.metrics()).toContain('write_behind_accepted_total{store="module-orders"} 1');
    await app.close();
  });
});
