import { isRateLimitedError, RateLimitedError } from './errors';
import { RateLimitPolicy } from './rate-limit.policy';

describe('RateLimitPolicy', () => {
  beforeEach(() => {
    jest.useFakeTimers();
    jest.setSystemTime(0);
  });
  afterEach(() => jest.useRealTimers());
  const run = (p: RateLimitPolicy) => p.execute(async () => 'ok').catch((e: unknown) => e);

  it('token bucket: allows a burst of `capacity`, then refuses with retryAfterMs until refilled', async () => {
    const p = new RateLimitPolicy({ kind: 'token-bucket', capacity: 3, refillPerSecond: 2 });
    expect(await Promise.all([run(p), run(p), run(p)])).toEqual(['ok', 'ok', 'ok']);
    const refused = await run(p);
    expect(isRateLimitedError(refused)).toBe(true);
    expect((refused as RateLimitedError).retryAfterMs).toBe(500);
    jest.advanceTimersByTime(499);
    expect(await run(p)).toBeInstanceOf(RateLimitedError);
    jest.advanceTimersByTime(1);
    expect(await run(p)).toBe('ok');
  });

  it('sliding window: at most `limit` starts in any window, retryAfterMs until the oldest leaves', async () => {
    const p = new RateLimitPolicy({ kind: 'sliding-window', limit: 2, windowMs: 1000 });
    expect(await run(p)).toBe('ok');
    jest.advanceTimersByTime(400);
    expect(await run(p)).toBe('ok');
    jest.advanceTimersByTime(100);
    const refused = (await run(p)) as RateLimitedError;
    expect(refused.retryAfterMs).toBe(500);
    jest.advanceTimersByTime(500);
    expect(await run(p)).toBe('ok');
    expect(await run(p)).toBeInstanceOf(RateLimitedError); // the 400 ms start is still inside
  });

  it('does not call the function when refused', async () => {
    const p = new RateLimitPolicy({ kind: 'sliding-window', limit: 1, windowMs: 1000 });
    const fn = jest.fn(async () => 1);
    await p.execute(fn);
    await p.execute(fn).catch(() => undefined);
    expect(fn).toHaveBeenCalledTimes(1);
  });
});
