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
