import { backoffDelay } from './backoff';
import { BrokenCircuitError, isTaskCancelledError } from './errors';
import { RetryPolicy } from './retry.policy';
import { seededRandom, track } from './testing/helpers';

const failingTimes = (n: number) => {
  let calls = 0;
  const fn = jest.fn(async () => {
    calls++;
    if (calls <= n) throw new Error(`fail ${calls}`);
    return 'ok';
  });
  return fn;
};

describe('RetryPolicy', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('never retries a call that is not marked idempotent', async () => {
    const r = new RetryPolicy({ maxAttempts: 5 });
    const fn = failingTimes(1);
    await expect(r.execute(fn)).rejects.toThrow('fail 1');
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('retries an idempotent call (per policy or per call) with exponential backoff', async () => {
    const r = new RetryPolicy({ maxAttempts: 3, initialDelayMs: 100, jitter: 'none' });
    const fn = failingTimes(2);
    const p = track(r.execute(fn, undefined, { idempotent: true }));
    await jest.advanceTimersByTimeAsync(99);
    expect(fn).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(fn).toHaveBeenCalledTimes(2);
    await jest.advanceTimersByTimeAsync(199);
    expect(fn).toHaveBeenCalledTimes(2);
    await jest.advanceTimersByTimeAsync(1);
    expect(fn).toHaveBeenCalledTimes(3);
    expect(p.state).toBe('fulfilled');
  });

  it('retries non-idempotent calls only with retryNonIdempotent', async () => {
    const r = new RetryPolicy({ maxAttempts: 2, initialDelayMs: 10, jitter: 'none', retryNonIdempotent: true });
    const fn = failingTimes(1);
    const p = r.execute(fn);
    await jest.advanceTimersByTimeAsync(10);
    await expect(p).resolves.toBe('ok');
  });

  it('gives up after maxAttempts with the last error', async () => {
    const r = new RetryPolicy({ maxAttempts: 3, initialDelayMs: 10, jitter: 'none', idempotent: true });
    const fn = failingTimes(10);
    const p = r.execute(fn).catch((e: unknown) => e);
    await jest.advanceTimersByTimeAsync(1000);
    expect(await p).toMatchObject({ message: 'fail 3' });
    expect(fn).toHaveBeenCalledTimes(3);
  });

  it('stops at the overall deadline', async () => {
    const r = new RetryPolicy({
      maxAttempts: 10,
      initialDelayMs: 100,
      jitter: 'none',
      deadlineMs: 250,
      idempotent: true,
    });
    const fn = failingTimes(10);
    const p = r.execute(fn).catch((e: unknown) => e);
    await jest.advanceTimersByTimeAsync(1000);
    await p;
    expect(fn).toHaveBeenCalledTimes(2); // 0 ms, 100 ms; the next wait (200 ms) would end at 300 ms > 250 ms
  });

  it('respects the predicate and does not retry an open circuit by default', async () => {
    const r = new RetryPolicy({
      maxAttempts: 3,
      idempotent: true,
      shouldRetry: (e) => (e as Error).message !== 'fatal',
    });
    const fatal = jest.fn(async () => Promise.reject(new Error('fatal')));
    await expect(r.execute(fatal)).rejects.toThrow('fatal');
    expect(fatal).toHaveBeenCalledTimes(1);
    const dflt = new RetryPolicy({ maxAttempts: 3, idempotent: true });
    const broken = jest.fn(async () => Promise.reject(new BrokenCircuitError('x', 0)));
    await expect(dflt.execute(broken)).rejects.toBeInstanceOf(BrokenCircuitError);
    expect(broken).toHaveBeenCalledTimes(1);
  });

  it('cancels the wait between attempts when the signal aborts', async () => {
    const r = new RetryPolicy({ maxAttempts: 5, initialDelayMs: 10_000, jitter: 'none', idempotent: true });
    const fn = failingTimes(10);
    const ac = new AbortController();
    const p = r.execute(fn, ac.signal).catch((e: unknown) => e);
    await jest.advanceTimersByTimeAsync(1);
    ac.abort();
    expect(isTaskCancelledError(await p)).toBe(true);
    expect(fn).toHaveBeenCalledTimes(1);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('emits onRetry with the attempt and delay', async () => {
    const r = new RetryPolicy({ maxAttempts: 2, initialDelayMs: 5, jitter: 'none', idempotent: true });
    const events: Array<{ attempt: number; delayMs: number }> = [];
    r.onRetry((e) => events.push({ attempt: e.attempt, delayMs: e.delayMs }));
    const p = r.execute(failingTimes(1));
    await jest.advanceTimersByTimeAsync(5);
    await p;
    expect(events).toEqual([{ attempt: 2, delayMs: 5 }]);
  });
});

describe('backoffDelay', () => {
  const o = { initialDelayMs: 100, maxDelayMs: 1000, multiplier: 2, jitter: 'none' as const };

  it('grows exponentially and is capped by maxDelayMs (min below max, never swapped)', () => {
    expect([1, 2, 3, 4, 5].map((a) => backoffDelay(a, 0, o, Math.random))).toEqual([100, 200, 400, 800, 1000]);
  });

  it('full jitter stays within [0, exponential delay]', () => {
    const random = seededRandom(3);
    for (let a = 1; a < 8; a++) {
      const d = backoffDelay(a, 0, { ...o, jitter: 'full' }, random);
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThanOrEqual(Math.min(1000, 100 * 2 ** (a - 1)));
    }
  });

  it('decorrelated jitter stays within [initial, min(max, 3 × previous)]', () => {
    const random = seededRandom(9);
    let prev = 0;
    for (let a = 1; a < 20; a++) {
      const d = backoffDelay(a, prev, { ...o, jitter: 'decorrelated' }, random);
      expect(d).toBeGreaterThanOrEqual(100);
      expect(d).toBeLessThanOrEqual(Math.min(1000, Math.max(100, prev) * 3));
      prev = d;
    }
  });
});
