import { AdaptiveBulkheadPolicy } from './adaptive-bulkhead.policy';
import { isBulkheadRejectedError } from './errors';
import { ExecuteContext, Priority, wrap } from './policy';
import { flush, track } from './testing/helpers';
import { TimeoutPolicy } from './timeout.policy';

/** A dependency that answers after `latency()` ms and stops when its signal aborts. */
function dependency(latency: () => number) {
  return ({ signal }: ExecuteContext): Promise<string> =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => resolve('ok'), latency());
      signal.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(signal.reason);
      });
    });
}

describe('AdaptiveBulkheadPolicy', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  /** Keep `n` calls of `fn` in flight (each finished call is replaced) for `ms` of fake time. */
  async function drive(policy: AdaptiveBulkheadPolicy, fn: (c: ExecuteContext) => Promise<string>, ms: number) {
    let stop = false;
    const loop = async (): Promise<void> => {
      while (!stop) await policy.execute(fn).catch(() => new Promise((r) => setTimeout(r, 5)));
    };
    const loops = Array.from({ length: 16 }, loop);
    await jest.advanceTimersByTimeAsync(ms);
    stop = true;
    await jest.advanceTimersByTimeAsync(10_000);
    await Promise.all(loops);
  }

  it('starts at the static limit, then follows the latency down when the dependency slows', async () => {
    let latency = 20;
    const policy = new AdaptiveBulkheadPolicy({ initialLimit: 8, minLimit: 2, maxLimit: 64 });
    expect(policy.limit).toBe(8);
    await drive(
      policy,
      dependency(() => latency),
      2000,
    );
    const fast = policy.limit;
    expect(fast).toBeGreaterThanOrEqual(16); // slow start: 16 callers used the 8 slots
    latency = 200; // each call now ten times slower: the dependency is queueing
    await drive(
      policy,
      dependency(() => latency++),
      2000,
    );
    expect(policy.limit).toBeLessThan(fast);
    expect(policy.limit).toBeGreaterThanOrEqual(2);
  });

  it('counts timeouts as drops: the limit falls by the backoff ratio', async () => {
    const policy = new AdaptiveBulkheadPolicy({ initialLimit: 20, windowMs: 100, minSamples: 5, backoffRatio: 0.5 });
    const stack = wrap(new TimeoutPolicy({ timeoutMs: 50 }), policy);
    const calls = Array.from({ length: 10 }, () => track(stack.execute(dependency(() => 1000))));
    await jest.advanceTimersByTimeAsync(120);
    expect(calls.every((c) => c.state === 'rejected')).toBe(true);
    // The window closes on the first sample after 100 ms with >= 5 samples: one more call.
    const late = track(stack.execute(dependency(() => 1000)));
    await jest.advanceTimersByTimeAsync(60);
    expect(late.state).toBe('rejected');
    expect(policy.limit).toBe(10);
  });

  it('keeps priority lanes: as the limit shrinks, capped lanes shrink with it and critical still gets a slot', async () => {
    const policy = new AdaptiveBulkheadPolicy({
      initialLimit: 8,
      minLimit: 4,
      windowMs: 100,
      minSamples: 5,
      backoffRatio: 0.5,
      laneShares: { low: 0.25 },
    });
    // Five timed-out calls shrink the limit from 8 to 4.
    const stack = wrap(new TimeoutPolicy({ timeoutMs: 50 }), policy);
    for (let i = 0; i < 5; i++) void stack.execute(dependency(() => 1000)).catch(() => undefined);
    await jest.advanceTimersByTimeAsync(110);
    void stack.execute(dependency(() => 1000)).catch(() => undefined);
    await jest.advanceTimersByTimeAsync(60);
    expect(policy.limit).toBe(4);

    const hold = (priority: Priority) =>
      track(
        policy.execute(
          dependency(() => 500),
          undefined,
          { priority },
        ),
      );
    const low = [hold('low'), hold('low')];
    await flush();
    // The low lane may hold a quarter of 4 slots: one runs, the second is refused (no queue).
    expect(policy.activeIn('low')).toBe(1);
    expect(low[1].state).toBe('rejected');
    expect(isBulkheadRejectedError(low[1].error)).toBe(true);
    const critical = [hold('critical'), hold('critical'), hold('critical')];
    await flush();
    expect(policy.activeIn('critical')).toBe(3);
    expect(critical.every((c) => c.state === 'pending')).toBe(true);
    await jest.advanceTimersByTimeAsync(600);
  });
});
