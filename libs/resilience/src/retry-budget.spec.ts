import { RetryBudgetRefusedEvent, RetryPolicy } from './retry.policy';
import { RetryBudget } from './retry-budget';
import { seededRandom } from './testing/helpers';

/** A clock the test moves by hand. */
function manualClock(start = 1_000_000): { now: () => number; advance(ms: number): void } {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

function withdrawAll(b: RetryBudget): number {
  let n = 0;
  while (b.tryWithdraw()) n++;
  return n;
}

describe('RetryBudget', () => {
  it('allows ratio × calls retries in the window and refuses the next', () => {
    const clock = manualClock();
    const b = new RetryBudget({ ratio: 0.1, minRetriesPerSecond: 0, now: clock.now });
    for (let i = 0; i < 100; i++) b.deposit();
    expect(b.balance).toBeCloseTo(10);
    expect(withdrawAll(b)).toBe(10);
    expect(b.balance).toBe(0);
    expect(b.recentRetries).toBe(10);
    b.deposit(); // 101 calls: 10.1 allowed, 10 taken, less than one left
    expect(b.tryWithdraw()).toBe(false);
  });

  it('lets a quiet dependency retry minRetriesPerSecond × window, and no more', () => {
    const clock = manualClock();
    const b = new RetryBudget({ ratio: 0.1, minRetriesPerSecond: 2, windowMs: 5000, now: clock.now });
    b.deposit(); // 0.1 by ratio, but the floor is 2/s × 5 s
    expect(withdrawAll(b)).toBe(10);
  });

  it('forgets calls and retries that slid out of the window: balance refills', () => {
    const clock = manualClock();
    const b = new RetryBudget({ ratio: 0.5, minRetriesPerSecond: 0, windowMs: 1000, now: clock.now });
    for (let i = 0; i < 10; i++) b.deposit();
    expect(withdrawAll(b)).toBe(5);
    clock.advance(500);
    expect(b.tryWithdraw()).toBe(false); // still inside the window
    for (let i = 0; i < 4; i++) b.deposit();
    expect(withdrawAll(b)).toBe(2);
    clock.advance(600); // the first 10 calls and 5 retries are older than the window
    expect(b.recentCalls).toBe(4);
    expect(b.recentRetries).toBe(2);
    expect(b.balance).toBe(0);
    clock.advance(1000);
    expect(b.recentCalls).toBe(0);
    for (let i = 0; i < 10; i++) b.deposit();
    expect(b.balance).toBe(5);
  });

  it('holds the ratio over every span of windowMs, not only per slot (seeded random traffic)', () => {
    const clock = manualClock(1_000_037); // slots not aligned to round times
    const windowMs = 1000;
    const b = new RetryBudget({ ratio: 0.1, minRetriesPerSecond: 0, windowMs, now: clock.now });
    const random = seededRandom(42);
    const calls: number[] = [];
    const grants: number[] = [];
    for (let step = 0; step < 20_000; step++) {
      clock.advance(Math.floor(random() * 3));
      if (random() < 0.7) {
        b.deposit();
        calls.push(clock.now());
      } else if (b.tryWithdraw()) {
        grants.push(clock.now());
      }
    }
    expect(grants.length).toBeGreaterThan(500);
    const inSpan = (xs: number[], end: number): number => xs.filter((x) => x > end - windowMs && x <= end).length;
    for (const t of grants) expect(inSpan(grants, t)).toBeLessThanOrEqual(0.1 * inSpan(calls, t));
  });

  it('caps the balance to one window of calls however long traffic was healthy', () => {
    const clock = manualClock();
    const b = new RetryBudget({ ratio: 0.1, minRetriesPerSecond: 0, windowMs: 1000, now: clock.now });
    for (let s = 0; s < 60; s++) {
      for (let i = 0; i < 100; i++) b.deposit();
      clock.advance(100);
    }
    // 100 calls per 100 ms: the window holds at most ten slots of them.
    expect(b.balance).toBeLessThanOrEqual(100);
    expect(b.balance).toBeGreaterThanOrEqual(90);
  });

  it('keeps its counts across update(): a new ratio applies to the calls already counted', () => {
    const clock = manualClock();
    const b = new RetryBudget({ ratio: 0.1, minRetriesPerSecond: 0, windowMs: 1000, now: clock.now });
    for (let i = 0; i < 100; i++) b.deposit();
    expect(withdrawAll(b)).toBe(10);
    b.update({ ratio: 0.2 });
    expect(withdrawAll(b)).toBe(10);
    b.update({ windowMs: 4000 }); // totals carried into the new window, then aged out over it
    expect(b.recentCalls).toBe(100);
    expect(b.recentRetries).toBe(20);
    expect(b.tryWithdraw()).toBe(false);
    clock.advance(3000);
    expect(b.recentCalls).toBe(100);
    clock.advance(1100);
    expect(b.recentCalls).toBe(0);
  });
});

describe('RetryPolicy with a budget', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const failing = () => jest.fn(async (): Promise<string> => Promise.reject(new Error('down')));

  /** Offer `perSecond` calls a second for `ms` through `policy`, each to `fn`. */
  async function offer(
    policy: RetryPolicy,
    fn: () => Promise<string>,
    perSecond: number,
    ms: number,
  ): Promise<{ ok: number; failed: number }> {
    const results: Array<Promise<boolean>> = [];
    const every = 1000 / perSecond;
    for (let t = 0; t < ms; t += every) {
      results.push(
        policy.execute(fn, undefined, { idempotent: true }).then(
          () => true,
          () => false,
        ),
      );
      await jest.advanceTimersByTimeAsync(every);
    }
    await jest.advanceTimersByTimeAsync(100); // the last backoffs (at most 30 ms here) run out
    const settled = await Promise.all(results);
    return { ok: settled.filter(Boolean).length, failed: settled.filter((x) => !x).length };
  }

  it('under steady success with rare failures allows every retry', async () => {
    const budget = new RetryBudget({ ratio: 0.1, minRetriesPerSecond: 0 });
    const retry = new RetryPolicy({ maxAttempts: 3, initialDelayMs: 5, jitter: 'none', budget });
    const budgeted: boolean[] = [];
    retry.onRetry((e) => budgeted.push(e.budgeted));
    let n = 0;
    const fn = jest.fn(async () => (++n % 20 === 0 ? Promise.reject(new Error('blip')) : 'ok'));
    const r = await offer(retry, fn, 100, 5000);
    expect(r).toEqual({ ok: 500, failed: 0 });
    expect(budgeted.length).toBeGreaterThanOrEqual(24);
    expect(budgeted.every(Boolean)).toBe(true);
  });

  it('during an outage bounds the calls to about (1 + ratio) × calls + the floor', async () => {
    const budget = new RetryBudget({ ratio: 0.1, minRetriesPerSecond: 1, windowMs: 10_000 });
    const retry = new RetryPolicy({ maxAttempts: 3, initialDelayMs: 10, jitter: 'none', budget });
    const fn = failing();
    const r = await offer(retry, fn, 100, 10_000);
    expect(r.failed).toBe(1000);
    // 1000 calls: 100 retries by ratio (the floor of 10 is below that), plus one window slot of slack.
    expect(fn.mock.calls.length).toBeGreaterThan(1050);
    expect(fn.mock.calls.length).toBeLessThanOrEqual(1000 + 100 + 10);

    const plain = new RetryPolicy({ maxAttempts: 3, initialDelayMs: 10, jitter: 'none' });
    const fnPlain = failing();
    await offer(plain, fnPlain, 100, 10_000);
    expect(fnPlain.mock.calls.length).toBe(3000);
  });

  it('when refused rethrows the last error at once and emits onBudgetRefused', async () => {
    const budget = new RetryBudget({ ratio: 0, minRetriesPerSecond: 1, windowMs: 1000 });
    const retry = new RetryPolicy({ maxAttempts: 3, initialDelayMs: 100, jitter: 'none', idempotent: true, budget });
    const refused: RetryBudgetRefusedEvent[] = [];
    retry.onBudgetRefused((e) => refused.push(e));
    let n = 0;
    const fn = jest.fn(async () => Promise.reject(new Error(`fail ${++n}`)));
    const p = retry.execute(fn).catch((e: unknown) => e);
    // The floor pays for one retry (at 100 ms); the second is refused without its 200 ms wait.
    await jest.advanceTimersByTimeAsync(100);
    expect(await p).toMatchObject({ message: 'fail 2' });
    expect(fn).toHaveBeenCalledTimes(2);
    expect(refused).toEqual([{ attempt: 3, error: expect.objectContaining({ message: 'fail 2' }), balance: 0 }]);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('refills after the outage: retries are allowed again once the window moves on', async () => {
    const budget = new RetryBudget({ ratio: 0.1, minRetriesPerSecond: 0, windowMs: 2000 });
    const retry = new RetryPolicy({ maxAttempts: 2, initialDelayMs: 1, jitter: 'none', budget });
    let down = true;
    const fn = jest.fn(async () => (down ? Promise.reject(new Error('down')) : 'ok'));
    await offer(retry, fn, 100, 2000);
    expect(budget.balance).toBeLessThan(1);
    down = false;
    await offer(retry, fn, 100, 2000); // healthy calls deposit; their old retries age out
    expect(budget.recentRetries).toBe(0); // the outage's retries aged out
    expect(budget.balance).toBeGreaterThanOrEqual(15);
    let blips = 0;
    const flaky = jest.fn(async () => (++blips % 2 === 1 ? Promise.reject(new Error('blip')) : 'ok'));
    const r = await offer(retry, flaky, 10, 500);
    expect(r).toEqual({ ok: 5, failed: 0 });
  });

  it('is shared: calls of one policy pay for the retries of another', async () => {
    const budget = new RetryBudget({ ratio: 0.1, minRetriesPerSecond: 0 });
    const healthy = new RetryPolicy({ maxAttempts: 2, initialDelayMs: 1, jitter: 'none', budget });
    const other = new RetryPolicy({ maxAttempts: 2, initialDelayMs: 1, jitter: 'none', idempotent: true, budget });
    const fn = failing();
    await expect(other.execute(fn)).rejects.toThrow('down');
    expect(fn).toHaveBeenCalledTimes(1); // nothing deposited yet but its own call: 0.1 < 1
    for (let i = 0; i < 30; i++) await healthy.execute(async () => 'ok');
    const p = other.execute(fn).catch((e: unknown) => e);
    await jest.advanceTimersByTimeAsync(1);
    await p;
    expect(fn).toHaveBeenCalledTimes(3); // 32 calls deposited 3.2: one retry paid for
    expect(budget.recentRetries).toBe(1);
  });

  it('update({ budget: undefined }) removes the budget', async () => {
    const budget = new RetryBudget({ ratio: 0, minRetriesPerSecond: 0 });
    const retry = new RetryPolicy({ maxAttempts: 2, initialDelayMs: 1, jitter: 'none', idempotent: true, budget });
    const fn = failing();
    await expect(retry.execute(fn)).rejects.toThrow('down');
    expect(fn).toHaveBeenCalledTimes(1);
    retry.update({ budget: undefined });
    const p = retry.execute(fn).catch((e: unknown) => e);
    await jest.advanceTimersByTimeAsync(1);
    await p;
    expect(fn).toHaveBeenCalledTimes(3);
  });
});
