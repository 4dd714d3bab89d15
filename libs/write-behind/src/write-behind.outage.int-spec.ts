import { TcpProxy } from '@shop/platform/testing';
import { Registry } from 'prom-client';

import { TestOrder, testOrdersTable } from '../test/fixtures';
import { createTestEnv, MYSQL, REDIS, runConcurrently, TestEnv, waitFor } from '../test/harness';
import { isBacklogFullError } from './write-behind.errors';
import { WriteBehindStore } from './write-behind.store';

jest.setTimeout(60_000);

describe('WriteBehindStore while MySQL is unreachable', () => {
  let env: TestEnv;
  let proxy: TcpProxy;
  let store: WriteBehindStore<TestOrder>;
  const registry = new Registry();

  beforeAll(async () => {
    env = await createTestEnv();
    proxy = new TcpProxy({ host: MYSQL.host, port: MYSQL.port });
    await proxy.start();
    store = new WriteBehindStore<TestOrder>({
      name: 'outage',
      table: testOrdersTable,
      redis: REDIS,
      // MySQL is reached only through the proxy the test can cut.
      mysql: { ...MYSQL, port: proxy.port, database: env.database, connectionLimit: 4, connectTimeout: 1_000 },
      keyPrefix: env.keyPrefix,
      maxBacklog: 4_000,
      retryBackoff: { initialMs: 50, maxMs: 300 },
      sweepIntervalMs: 200,
      registry,
      logger: { warn: () => undefined, error: () => undefined },
    });
    await store.startWorker();
  });

  afterAll(async () => {
    await store.close();
    await proxy.cut();
    await env.dispose();
  });

  const order = (i: number): TestOrder => ({ customerId: `c${i % 5}`, status: 'placed', totalCents: i, note: null });

  it('keeps accepting writes up to maxBacklog, then drains everything once MySQL is back', async () => {
    await runConcurrently(500, 20, (i) => store.write(order(i)));
    await waitFor('the first writes to land', async () => (await store.stats()).backlog === 0);
    expect(await env.counts()).toEqual({ rows: 500, distinct: 500 });

    await proxy.cut();
    const during = await runConcurrently(3_000, 50, (i) => store.write(order(500 + i)));
    expect(during.every((a) => a.accepted)).toBe(true);
    await waitFor('the workers to notice the outage', async () => (await store.stats()).mysqlPaused);
    const down = await store.stats();
    expect(down.backlog).toBe(3_000);
    expect(down.deadLetters).toBe(0);

    // Reads of pending records keep working from Redis while MySQL is down.
    await expect(store.get(during[0].id)).resolves.toMatchObject({ pending: true, value: order(500) });

    // Fill the backlog to its cap: the next write is refused, not dropped.
    await runConcurrently(1_000, 50, (i) => store.write(order(3_500 + i)));
    const refused = await store.write(order(9_999)).catch((e: unknown) => e);
    expect(isBacklogFullError(refused)).toBe(true);

    await proxy.restore();
    await waitFor('the backlog to drain after the outage', async () => (await store.stats()).backlog === 0, {
      timeoutMs: 30_000,
    });
    expect(await env.counts()).toEqual({ rows: 4_500, distinct: 4_500 });
    const stats = await store.stats();
    expect(stats).toMatchObject({ deadLetters: 0, inFlight: 0, retrying: 0 });
    const failed = (await registry.getSingleMetric('write_behind_failed_total')?.get())?.values[0]?.value ?? 0;
    expect(failed).toBeGreaterThan(0);
  });
});
