import { Registry } from 'prom-client';

import { DependencySettings } from './config/resilience-config';
import { ExecuteContext } from './policy';
import { ResilienceRegistry } from './resilience.registry';
import { ResilienceEvent } from './resilient-dependency';

/** Attempt n answers after `latencies[n-1]` ms (the last entry repeats), rejecting when its signal aborts. */
function dependency(latencies: number[], failAttempts: number[] = []) {
  const signals: AbortSignal[] = [];
  const fn = jest.fn(({ signal }: ExecuteContext): Promise<string> => {
    const n = signals.push(signal);
    const ms = latencies[Math.min(n, latencies.length) - 1];
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => (failAttempts.includes(n) ? reject(new Error(`attempt ${n} failed`)) : resolve(`attempt ${n}`)),
        ms,
      );
      signal.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(signal.reason);
      });
    });
  });
  return { fn, signals };
}

function build(settings: DependencySettings, metrics = new Registry()) {
  const registry = new ResilienceRegistry(
    { resilience: { dependencies: { catalog: settings } } },
    { metricsRegistry: metrics },
  );
  const events: ResilienceEvent[] = [];
  registry.onEvent((e) => events.push(e));
  return { dep: registry.get('catalog'), metrics, events };
}

async function hedgeCount(metrics: Registry, result: string): Promise<number | undefined> {
  const m = await metrics.getSingleMetric('resilience_hedge_total')!.get();
  return m.values.find((v) => v.labels.dependency === 'catalog' && v.labels.result === result)?.value;
}

describe('hedging in a registry dependency', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('hedges idempotent calls only, counting started, won and cancelled, and emitting events', async () => {
    const { dep, metrics, events } = build({ hedge: { delayMs: 50 } });
    expect(dep.hedge).toBeDefined();
    const plain = dependency([200, 10]);
    const p1 = dep.execute(plain.fn);
    await jest.advanceTimersByTimeAsync(200);
    await expect(p1).resolves.toBe('attempt 1');
    expect(plain.fn).toHaveBeenCalledTimes(1);

    const slow = dependency([200, 10]);
    const p2 = dep.execute(slow.fn, { idempotent: true });
    await jest.advanceTimersByTimeAsync(60);
    await expect(p2).resolves.toBe('attempt 2');
    expect(slow.signals[0].aborted).toBe(true);
    expect(await hedgeCount(metrics, 'started')).toBe(1);
    expect(await hedgeCount(metrics, 'won')).toBe(1);
    expect(await hedgeCount(metrics, 'cancelled')).toBe(1);
    expect(await hedgeCount(metrics, 'refused')).toBe(0);
    expect(events.filter((e) => e.type === 'hedge').map((e) => (e as { result: string }).result)).toEqual([
      'started',
      'won',
      'cancelled',
    ]);
  });

  it('gives each attempt its own timeout: a hedge started late still has its whole budget', async () => {
    const { dep } = build({ timeoutMs: 100, hedge: { delayMs: 60, idempotent: true } });
    const { fn } = dependency([10_000, 90]); // the hedge answers at 150 ms, past the first attempt's deadline
    const p = dep.execute(fn);
    await jest.advanceTimersByTimeAsync(150);
    await expect(p).resolves.toBe('attempt 2');
  });

  it('takes a bulkhead slot per attempt: a hedge refused by a full bulkhead leaves the first attempt running', async () => {
    const { dep } = build({ bulkhead: { maxConcurrent: 1 }, hedge: { delayMs: 20, idempotent: true } });
    const { fn } = dependency([100]);
    const rejections: unknown[] = [];
    dep.bulkhead!.onReject((e) => rejections.push(e));
    const p = dep.execute(fn);
    await jest.advanceTimersByTimeAsync(100);
    await expect(p).resolves.toBe('attempt 1');
    expect(fn).toHaveBeenCalledTimes(1);
    expect(rejections).toMatchObject([{ reason: 'full' }]);
  });

  it('sits inside retry and the breaker: each retry is hedged, the breaker sees one outcome per try', async () => {
    const { dep } = build({
      retry: { maxAttempts: 2, initialDelayMs: 10, jitter: 'none', idempotent: true },
      circuitBreaker: { enabled: true, failureThreshold: 2 },
      hedge: { delayMs: 20, idempotent: true },
    });
    // Both attempts of the first try fail; the retry is hedged again and its hedge answers.
    const { fn } = dependency([30, 30, 100, 5], [1, 2]);
    const p = dep.execute(fn);
    await jest.advanceTimersByTimeAsync(50 + 10 + 25);
    await expect(p).resolves.toBe('attempt 4');
    expect(fn).toHaveBeenCalledTimes(4);
    // One failed hedged call counted once: a threshold of 2 is not reached.
    expect(dep.breaker!.state).toBe('closed');
  });

  it('turns off with enabled: false and on again with an update', async () => {
    const { dep } = build({ hedge: { enabled: false, delayMs: 10, idempotent: true } });
    expect(dep.hedge).toBeUndefined();
    dep.update({ hedge: { enabled: true } });
    expect(dep.hedge?.hedgeDelayMs).toBe(10);
    const { fn } = dependency([100, 5]);
    const p = dep.execute(fn);
    await jest.advanceTimersByTimeAsync(15);
    await expect(p).resolves.toBe('attempt 2');
  });
});
