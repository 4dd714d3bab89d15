import { AdaptiveLimit, AdaptiveLimitOptions, AdaptiveLimitWindow } from './adaptive-limit';
import { seededRandom } from './testing/helpers';

/** A hand-driven clock: the algorithm reads time only through `now`. */
function setup(options: Partial<AdaptiveLimitOptions> = {}) {
  let t = 0;
  const limit = new AdaptiveLimit({ initialLimit: 10, windowMs: 100, minSamples: 10, now: () => t, ...options });
  const windows: AdaptiveLimitWindow[] = [];
  limit.onWindow((w) => windows.push(w));
  /** One window of `n` calls of `rttMs` each, with `inflight` in flight (default: the limit). */
  const window = (rttMs: number, inflight?: number, drops = 0, n = 10): void => {
    const inf = inflight ?? limit.limit;
    for (let i = 0; i < n; i++) {
      t += 100 / n;
      limit.sample(rttMs, inf, i < drops);
    }
  };
  return { limit, windows, window, advance: (ms: number) => void (t += ms) };
}

describe('AdaptiveLimit', () => {
  it('holds the static fallback until a window has enough calls', () => {
    const { limit, window, windows } = setup({ initialLimit: 16 });
    window(20, 16, 0, 5); // 5 calls < minSamples
    expect(limit.limit).toBe(16);
    expect(windows).toHaveLength(0);
  });

  it('doubles in slow start while the limit is used and latency is flat, then leaves it on congestion', () => {
    const { limit, window } = setup({ initialLimit: 4, maxLimit: 1000 });
    window(20);
    window(20);
    expect(limit.limit).toBe(16); // 4 → 8 → 16
    expect(limit.inSlowStart).toBe(true);
    window(60); // 3× slower: congestion
    expect(limit.inSlowStart).toBe(false);
    expect(limit.limit).toBeLessThan(16);
  });

  it('does not grow while the calls use less than half of the limit, and drifts towards twice their peak', () => {
    const { limit, window } = setup({ initialLimit: 20 });
    window(20, 5);
    expect(limit.limit).toBe(19); // 20 - (20 - 10) × 0.05
    for (let i = 0; i < 100; i++) window(20, 5);
    expect(limit.limit).toBe(10);
  });

  it('shrinks by the latency gradient, smoothed, and never below minLimit', () => {
    const { limit, window } = setup({ initialLimit: 40, maxLimit: 40, minLimit: 5, smoothing: 0.2 });
    window(20); // sets the long average (slow start is clamped at the max)
    expect(limit.limit).toBe(40);
    window(200); // gradient clamps at 0.5: target 20, smoothing 0.2 → 36
    expect(limit.limit).toBe(36);
    for (let i = 0; i < 40; i++) window(20, 36, 10); // every call dropped
    expect(limit.limit).toBe(5);
  });

  it('counts drops: a window with a timeout cuts the limit by backoffRatio at once', () => {
    const { limit, window } = setup({ initialLimit: 50, maxLimit: 50, backoffRatio: 0.9 });
    window(20);
    window(20, 50, 1); // one timeout among ten calls
    expect(limit.limit).toBe(45);
    expect(limit.inSlowStart).toBe(false);
  });

  it('never exceeds maxLimit', () => {
    const { limit, window } = setup({ initialLimit: 10, maxLimit: 30 });
    for (let i = 0; i < 20; i++) window(20);
    expect(limit.limit).toBe(30);
  });

  it('goes back to the static fallback after an idle spell', () => {
    const { limit, window, advance } = setup({ initialLimit: 10, staleAfterMs: 30_000 });
    window(20);
    window(20);
    expect(limit.limit).toBe(40);
    advance(31_000);
    window(20, 1);
    expect(limit.limit).toBe(10);
    expect(limit.inSlowStart).toBe(true);
  });

  it('adopts a faster dependency at once and a slower one after a while', () => {
    const { limit, window } = setup({ initialLimit: 10, longWindows: 20 });
    window(100, 1);
    window(20, 1);
    expect(limit.longRttMs).toBe(60); // half-way down in one window
    for (let i = 0; i < 5; i++) window(20, 1);
    const long = limit.longRttMs!;
    window(200, 1);
    expect(limit.longRttMs).toBeCloseTo(long + (200 - long) / 20, 6); // 1/20 of the way up
  });

  /**
   * The Gradient2 pitfall: a dependency with C workers, driven past them, answers slower in
   * proportion to the queue (latency = S × inflight / C), but by less than the tolerance per
   * step. Adding the queue term every window, the limit grows, the long average follows the
   * latency up, and the limit never stops. Here it must stay near C.
   */
  it('stays bounded under a modest, lasting overload (a growth that buys no throughput is undone)', () => {
    const C = 16;
    const S = 50;
    const random = seededRandom(1);
    const { limit, window } = setup({ initialLimit: 8, maxLimit: 10_000 });
    let highest = 0;
    for (let i = 0; i < 6000; i++) {
      // Ten minutes of 100 ms windows; demand always exceeds the limit, ±5 % jitter on latency.
      const rtt = S * Math.max(1, limit.limit / C) * (0.95 + 0.1 * random());
      window(rtt);
      if (i > 100) highest = Math.max(highest, limit.limit);
    }
    expect(highest).toBeLessThanOrEqual(3 * C);
    expect(limit.limit).toBeGreaterThanOrEqual(C / 2);
  });

  it('rejects options out of range', () => {
    expect(() => new AdaptiveLimit({ initialLimit: 0 })).toThrow(RangeError);
    expect(() => new AdaptiveLimit({ initialLimit: 4, minLimit: 5, maxLimit: 4 })).toThrow(RangeError);
    expect(() => new AdaptiveLimit({ initialLimit: 4, smoothing: 0 })).toThrow(RangeError);
    expect(() => new AdaptiveLimit({ initialLimit: 4, tolerance: 0.5 })).toThrow(RangeError);
    expect(() => new AdaptiveLimit({ initialLimit: 4, backoffRatio: 1 })).toThrow(RangeError);
  });
});

describe('AdaptiveLimit growth after congestion', () => {
  it('undoes a growth that bought no throughput, holds, then starts a new slow start', () => {
    const { limit, window } = setup({ initialLimit: 16, maxLimit: 1000, longWindows: 20 });
    window(50);
    expect(limit.limit).toBe(32); // slow start
    window(100, 32); // twice the calls, twice the latency: the same throughput
    expect(limit.limit).toBeLessThanOrEqual(16);
    expect(limit.inSlowStart).toBe(false);
    const held = limit.limit;
    for (let i = 0; i < 9; i++) window(50); // held for longWindows / 2 windows
    expect(limit.limit).toBe(held);
    window(50); // latency back within tolerance, hold over: slow start again
    expect(limit.inSlowStart).toBe(true);
    expect(limit.limit).toBe(held * 2);
    for (let i = 0; i < 10; i++) window(50); // latency flat at any limit: every growth pays
    expect(limit.limit).toBe(1000);
  });

  it('takes a slower dependency as its new speed when shrinking buys no latency', () => {
    const { limit, window } = setup({ initialLimit: 40, maxLimit: 40, minLimit: 4 });
    window(20); // long average 20
    for (let i = 0; i < 3; i++) window(200); // ten times slower, whatever the limit
    expect(limit.limit).toBeLessThan(40);
    while (limit.inSlowStart === false && limit.limit > 4) window(200);
    // Before the floor, the limit fell by a quarter with the latency unchanged: rebased, growing again.
    expect(limit.longRttMs).toBe(200);
    expect(limit.limit).toBeGreaterThan(4);
  });
});
