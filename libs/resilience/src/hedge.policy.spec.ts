import { BulkheadRejectedError, isTaskCancelledError } from './errors';
import { HedgeEvent, HedgePolicy } from './hedge.policy';
import { ExecuteContext } from './policy';
import { track } from './testing/helpers';

/**
 * A fake dependency: the n-th attempt answers `attempt n` after `latencies[n-1]` ms (or fails
 * when the entry is an Error thrown at that time), and stops when its signal aborts.
 */
function dependency(latencies: Array<number | [number, Error]>) {
  const signals: AbortSignal[] = [];
  const fn = jest.fn(({ signal }: ExecuteContext): Promise<string> => {
    const n = signals.push(signal);
    const spec = latencies[n - 1] ?? latencies[latencies.length - 1];
    const [ms, error] = Array.isArray(spec) ? spec : [spec, undefined];
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => (error ? reject(error) : resolve(`attempt ${n}`)), ms);
      signal.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(signal.reason);
      });
    });
  });
  return { fn, signals };
}

function events(policy: HedgePolicy): HedgeEvent[] {
  const seen: HedgeEvent[] = [];
  policy.onHedge((e) => seen.push(e));
  return seen;
}

describe('HedgePolicy', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('does not hedge a call that answers before the delay', async () => {
    const hedge = new HedgePolicy({ idempotent: true, delayMs: 100 });
    const seen = events(hedge);
    const { fn } = dependency([10]);
    const p = track(hedge.execute(fn));
    await jest.advanceTimersByTimeAsync(10);
    expect(p.state).toBe('fulfilled');
    expect(p.value).toBe('attempt 1');
    await jest.advanceTimersByTimeAsync(500);
    expect(fn).toHaveBeenCalledTimes(1);
    expect(seen).toEqual([]);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('starts a hedge after the delay, returns the winner and aborts the loser', async () => {
    const hedge = new HedgePolicy({ idempotent: true, delayMs: 100 });
    const seen = events(hedge);
    const { fn, signals } = dependency([1000, 20]);
    const p = track(hedge.execute(fn));
    await jest.advanceTimersByTimeAsync(99);
    expect(fn).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(fn).toHaveBeenCalledTimes(2);
    expect(signals[0]).not.toBe(signals[1]);
    await jest.advanceTimersByTimeAsync(20);
    expect(p.state).toBe('fulfilled');
    expect(p.value).toBe('attempt 2');
    expect(signals[0].aborted).toBe(true);
    expect(isTaskCancelledError(signals[0].reason)).toBe(true);
    expect(signals[1].aborted).toBe(false);
    expect(seen.map((e) => [e.result, e.attempt])).toEqual([
      ['started', 2],
      ['won', 2],
      ['cancelled', 1],
    ]);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('aborts the hedge when the original attempt answers first, and reports no win', async () => {
    const hedge = new HedgePolicy({ idempotent: true, delayMs: 100 });
    const seen = events(hedge);
    const { fn, signals } = dependency([130, 1000]);
    const p = track(hedge.execute(fn));
    await jest.advanceTimersByTimeAsync(130);
    expect(p.value).toBe('attempt 1');
    expect(signals[1].aborted).toBe(true);
    expect(seen.map((e) => e.result)).toEqual(['started', 'cancelled']);
  });

  it('never hedges a call not marked idempotent, and a call may opt out of a policy default', async () => {
    const plain = new HedgePolicy({ delayMs: 10 });
    const a = dependency([500]);
    const p1 = plain.execute(a.fn);
    await jest.advanceTimersByTimeAsync(500);
    await expect(p1).resolves.toBe('attempt 1');
    expect(a.fn).toHaveBeenCalledTimes(1);

    const optIn = new HedgePolicy({ delayMs: 10 });
    const b = dependency([500, 5]);
    const p2 = optIn.execute(b.fn, undefined, { idempotent: true });
    await jest.advanceTimersByTimeAsync(15);
    await expect(p2).resolves.toBe('attempt 2');

    const byDefault = new HedgePolicy({ delayMs: 10, idempotent: true });
    const c = dependency([500]);
    const p3 = byDefault.execute(c.fn, undefined, { idempotent: false });
    await jest.advanceTimersByTimeAsync(500);
    await expect(p3).resolves.toBe('attempt 1');
    expect(c.fn).toHaveBeenCalledTimes(1);
  });

  it('cancels every attempt when the caller aborts', async () => {
    const hedge = new HedgePolicy({ idempotent: true, delayMs: 50, maxHedges: 2 });
    const { fn, signals } = dependency([1000]);
    const caller = new AbortController();
    const p = hedge.execute(fn, caller.signal).catch((e: unknown) => e);
    await jest.advanceTimersByTimeAsync(120);
    expect(fn).toHaveBeenCalledTimes(3);
    caller.abort(new Error('client went away'));
    const error = await p;
    expect(isTaskCancelledError(error)).toBe(true);
    expect(signals.every((s) => s.aborted)).toBe(true);
    expect(jest.getTimerCount()).toBe(0);
    await jest.advanceTimersByTimeAsync(1000);
    expect(fn).toHaveBeenCalledTimes(3);
  });

  it('rejects at once, without calling, when the caller signal is already aborted', async () => {
    const hedge = new HedgePolicy({ idempotent: true });
    const { fn } = dependency([10]);
    const caller = new AbortController();
    caller.abort();
    await expect(hedge.execute(fn, caller.signal)).rejects.toMatchObject({ isTaskCancelledError: true });
    expect(fn).not.toHaveBeenCalled();
  });

  it('starts hedges one delay apart up to maxHedges', async () => {
    const hedge = new HedgePolicy({ idempotent: true, delayMs: 40, maxHedges: 2 });
    const { fn } = dependency([1000]);
    const p = track(hedge.execute(fn));
    await jest.advanceTimersByTimeAsync(39);
    expect(fn).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(fn).toHaveBeenCalledTimes(2);
    await jest.advanceTimersByTimeAsync(40);
    expect(fn).toHaveBeenCalledTimes(3);
    await jest.advanceTimersByTimeAsync(500);
    expect(fn).toHaveBeenCalledTimes(3);
    await jest.advanceTimersByTimeAsync(500);
    expect(p.value).toBe('attempt 1');
  });

  it('refuses hedges beyond maxHedgeRatio of calls', async () => {
    // Burst 1, half a token per call: the first slow call may hedge, the next must wait two calls.
    const hedge = new HedgePolicy({ idempotent: true, delayMs: 10, maxHedgeRatio: 0.5, burst: 1 });
    const seen = events(hedge);
    const slow = () => dependency([100, 1]).fn;
    const first = slow();
    void hedge.execute(first);
    const second = slow();
    const p2 = track(hedge.execute(second));
    await jest.advanceTimersByTimeAsync(10);
    expect(first).toHaveBeenCalledTimes(2);
    expect(second).toHaveBeenCalledTimes(1);
    expect(seen.filter((e) => e.result === 'refused')).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(90);
    expect(p2.value).toBe('attempt 1'); // waited for its only attempt
    expect(second).toHaveBeenCalledTimes(1);

    // The cap is now spent, and each call deposits half a token: one more call and this one buy a hedge.
    const fast = hedge.execute(dependency([1]).fn);
    await jest.advanceTimersByTimeAsync(1);
    await fast;
    const third = slow();
    void hedge.execute(third);
    await jest.advanceTimersByTimeAsync(10);
    expect(third).toHaveBeenCalledTimes(2);
    expect(seen.filter((e) => e.result === 'refused')).toHaveLength(1);
  });

  it('hedges after the observed percentile once enough samples exist, never below the floor', async () => {
    const hedge = new HedgePolicy({ idempotent: true, percentile: 50, minSamples: 4, delayMs: 100, minDelayMs: 5 });
    expect(hedge.hedgeDelayMs).toBe(100);
    for (const ms of [10, 20, 30, 40]) {
      const p = hedge.execute(dependency([ms]).fn);
      await jest.advanceTimersByTimeAsync(ms);
      await p;
    }
    expect(hedge.hedgeDelayMs).toBe(20); // nearest-rank p50 of 10, 20, 30, 40
    const { fn } = dependency([1000]);
    void hedge.execute(fn);
    await jest.advanceTimersByTimeAsync(19);
    expect(fn).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(fn).toHaveBeenCalledTimes(2);

    const fast = new HedgePolicy({ idempotent: true, percentile: 95, minSamples: 4, delayMs: 100, minDelayMs: 5 });
    for (let i = 0; i < 4; i++) {
      const p = fast.execute(dependency([1]).fn);
      await jest.advanceTimersByTimeAsync(1);
      await p;
    }
    expect(fast.hedgeDelayMs).toBe(5);
    fast.update({ minDelayMs: 8 });
    expect(fast.hedgeDelayMs).toBe(8);
  });

  it('keeps the percentile honest by counting a cancelled loser as at least as slow as it ran', async () => {
    const hedge = new HedgePolicy({ idempotent: true, percentile: 100, minSamples: 2, delayMs: 10, minDelayMs: 1 });
    const p = hedge.execute(dependency([1000, 5]).fn);
    await jest.advanceTimersByTimeAsync(15);
    await p;
    // Samples: the winner's 5 ms and the loser's 15 ms so far; p100 is the loser's lower bound.
    expect(hedge.hedgeDelayMs).toBe(15);
  });

  it('hedges at once when an attempt fails before the delay and the budget allows', async () => {
    const hedge = new HedgePolicy({ idempotent: true, delayMs: 100 });
    const seen = events(hedge);
    const { fn } = dependency([[5, new Error('reset')], 10]);
    const p = track(hedge.execute(fn));
    await jest.advanceTimersByTimeAsync(5);
    expect(fn).toHaveBeenCalledTimes(2);
    await jest.advanceTimersByTimeAsync(10);
    expect(p.value).toBe('attempt 2');
    expect(seen.map((e) => e.result)).toEqual(['started', 'won']);
  });

  it('returns an early failure when the budget refuses the hedge or the error is not worth one', async () => {
    const noBudget = new HedgePolicy({ idempotent: true, delayMs: 100, maxHedgeRatio: 0.01, burst: 0 });
    const a = dependency([[5, new Error('reset')], 10]);
    const p1 = noBudget.execute(a.fn).catch((e: unknown) => e);
    await jest.advanceTimersByTimeAsync(5);
    expect(await p1).toMatchObject({ message: 'reset' });
    expect(a.fn).toHaveBeenCalledTimes(1);

    const hedge = new HedgePolicy({ idempotent: true, delayMs: 100 });
    const b = dependency([[5, new BulkheadRejectedError('full', 5, 0, 5)], 10]);
    const p2 = hedge.execute(b.fn).catch((e: unknown) => e);
    await jest.advanceTimersByTimeAsync(5);
    expect(await p2).toBeInstanceOf(BulkheadRejectedError);
    expect(b.fn).toHaveBeenCalledTimes(1);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('waits for the other attempt when one fails, and fails with the last error when all do', async () => {
    const hedge = new HedgePolicy({ idempotent: true, delayMs: 10 });
    const ok = dependency([50, [5, new Error('hedge failed')]]);
    const p1 = track(hedge.execute(ok.fn));
    await jest.advanceTimersByTimeAsync(15);
    expect(p1.state).toBe('pending');
    await jest.advanceTimersByTimeAsync(35);
    expect(p1.value).toBe('attempt 1');

    const bad = dependency([
      [50, new Error('first failed')],
      [60, new Error('second failed')],
    ]);
    const p2 = hedge.execute(bad.fn).catch((e: unknown) => e);
    await jest.advanceTimersByTimeAsync(70);
    expect(await p2).toMatchObject({ message: 'second failed' });
    expect(bad.fn).toHaveBeenCalledTimes(2);
  });

  it('passes the call straight through when maxHedges is 0', async () => {
    const hedge = new HedgePolicy({ idempotent: true, delayMs: 10 });
    hedge.update({ maxHedges: 0 });
    const { fn } = dependency([100]);
    const p = hedge.execute(fn);
    await jest.advanceTimersByTimeAsync(100);
    await expect(p).resolves.toBe('attempt 1');
    expect(fn).toHaveBeenCalledTimes(1);
  });
});
