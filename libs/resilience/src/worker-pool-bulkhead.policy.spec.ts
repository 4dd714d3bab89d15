import { join } from 'node:path';

import { isBulkheadRejectedError, isWorkerCrashedError } from './errors';
import { WorkerPoolBulkheadPolicy } from './worker-pool-bulkhead.policy';

// Real worker threads: no fake timers here.
describe('WorkerPoolBulkheadPolicy', () => {
  jest.setTimeout(30_000);
  let pool: WorkerPoolBulkheadPolicy;

  beforeAll(() => {
    pool = new WorkerPoolBulkheadPolicy({
      filename: join(__dirname, 'testing', 'heavy.worker.js'),
      maxThreads: 1,
      maxQueue: 2,
      maxOldGenerationSizeMb: 16,
      maxYoungGenerationSizeMb: 4,
      dependency: 'pricing',
    });
  });
  afterAll(() => pool.close());

  it('runs an exported function of the worker module', async () => {
    await expect(pool.run<number>('fib', 20)).resolves.toBe(6765);
  });

  it('fails only the call whose worker exceeds its memory cap, and the pool recovers', async () => {
    const hog = pool.run('hog', null).catch((e: unknown) => e);
    const queuedBehind = pool.run<number>('fib', 10); // waits for the single thread
    const err = await hog;
    expect(isWorkerCrashedError(err)).toBe(true);
    await expect(queuedBehind).resolves.toBe(55);
    await expect(pool.run<number>('fib', 15)).resolves.toBe(610);
  });

  it('fails only the call whose worker exits', async () => {
    const err = await pool.run('crash', null).catch((e: unknown) => e);
    expect(isWorkerCrashedError(err)).toBe(true);
    await expect(pool.run<number>('fib', 5)).resolves.toBe(5);
  });

  it('rejects with reason "full" beyond threads + queue', async () => {
    const calls = [pool.run('fib', 25), pool.run('fib', 25), pool.run('fib', 25)];
    const over = await pool.run('fib', 1).catch((e: unknown) => e);
    expect(isBulkheadRejectedError(over)).toBe(true);
    expect(over).toMatchObject({ reason: 'full', max: 1, dependency: 'pricing' });
    await Promise.all(calls);
  });
});

describe('WorkerPoolBulkheadPolicy lanes and waiting', () => {
  jest.setTimeout(30_000);
  const pools: WorkerPoolBulkheadPolicy[] = [];
  const onePool = (options: { maxQueue?: number; maxWaitMs?: number } = {}) => {
    const pool = new WorkerPoolBulkheadPolicy({
      filename: join(__dirname, 'testing', 'heavy.worker.js'),
      maxThreads: 1,
      maxQueue: 10,
      dependency: 'pricing',
      ...options,
    });
    pools.push(pool);
    return pool;
  };
  afterAll(() => Promise.all(pools.map((p) => p.close())));

  it('gives a free thread to the most important waiting task first, oldest first within a lane', async () => {
    const pool = onePool();
    await pool.run('fib', 1); // the thread is up
    const done: string[] = [];
    const track = (tag: string, p: Promise<unknown>) => p.then(() => void done.push(tag));
    const blocker = track('blocker', pool.run('block', 200));
    const tasks = [
      track('low', pool.run('fib', 5, undefined, { priority: 'low' })),
      track('normal-1', pool.run('fib', 5)),
      track('critical', pool.run('fib', 5, undefined, { priority: 'critical' })),
      track('normal-2', pool.run('fib', 5, undefined, { priority: 'normal' })),
      track('high', pool.run('fib', 5, undefined, { priority: 'high' })),
    ];
    expect([pool.active, pool.queued, pool.activeIn('normal'), pool.queuedIn('normal'), pool.queuedIn('low')]).toEqual([
      1, 5, 1, 2, 1,
    ]);
    await Promise.all([blocker, ...tasks]);
    expect(done).toEqual(['blocker', 'critical', 'high', 'normal-1', 'normal-2', 'low']);
    expect([pool.active, pool.queued]).toEqual([0, 0]);
  });

  it('refuses a task that waited maxWaitMs with reason "queue-timeout", and goes on', async () => {
    const pool = onePool({ maxWaitMs: 50 });
    const blocker = pool.run('block', 400);
    const started = Date.now();
    const waited = await pool.run('fib', 5).catch((e: unknown) => e);
    expect(isBulkheadRejectedError(waited)).toBe(true);
    expect(waited).toMatchObject({ reason: 'queue-timeout', active: 1, queued: 0, max: 1, dependency: 'pricing' });
    expect(Date.now() - started).toBeLessThan(350); // refused at its deadline, not when the thread freed
    expect(pool.queued).toBe(0);
    await blocker;
    await expect(pool.run<number>('fib', 10)).resolves.toBe(55);
  });

  it('takes a waiting task out of its lane when its signal aborts', async () => {
    const pool = onePool();
    const blocker = pool.run('block', 200);
    const controller = new AbortController();
    const waiting = pool.run('fib', 5, controller.signal).catch((e: unknown) => e);
    expect(pool.queued).toBe(1);
    controller.abort();
    expect(await waiting).toMatchObject({ name: 'TaskCancelledError' });
    expect(pool.queued).toBe(0);
    await blocker;
    expect(pool.active).toBe(0);
  });

  it('refuses with "full" when the lanes hold maxQueue tasks', async () => {
    const pool = onePool({ maxQueue: 1 });
    const blocker = pool.run('block', 100);
    const queued = pool.run('fib', 5, undefined, { priority: 'low' });
    await expect(pool.run('fib', 5, undefined, { priority: 'critical' })).rejects.toMatchObject({
      reason: 'full',
      active: 1,
      queued: 1,
    });
    await Promise.all([blocker, queued]);
  });
});
