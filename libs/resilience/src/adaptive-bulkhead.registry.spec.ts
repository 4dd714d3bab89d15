import { Registry } from 'prom-client';

import { AdaptiveBulkheadPolicy } from './adaptive-bulkhead.policy';
import { BulkheadPolicy } from './bulkhead.policy';
import { parseResilienceConfig } from './config/resilience-config';
import { isResilienceConfigError } from './errors';
import { ExecuteContext } from './policy';
import { ResilienceRegistry } from './resilience.registry';

async function metricValue(reg: Registry, name: string, labels: Record<string, string>): Promise<number | undefined> {
  const m = await reg.getSingleMetric(name)!.get();
  return m.values.find((x) => Object.entries(labels).every(([k, v]) => x.labels[k] === v))?.value;
}

function problemsOf(bulkhead: unknown): string[] {
  try {
    parseResilienceConfig({ resilience: { dependencies: { provider: { bulkhead } } } });
    return [];
  } catch (e) {
    if (!isResilienceConfigError(e)) throw e;
    return e.problems.map((p) => `${p.path}: ${p.message}`);
  }
}

const slow = ({ signal }: ExecuteContext): Promise<string> =>
  new Promise((resolve, reject) => {
    const t = setTimeout(() => resolve('ok'), 1000);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      reject(signal.reason);
    });
  });

describe('adaptive bulkhead of a registry dependency (kind: adaptive)', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const ADAPTIVE = {
    kind: 'adaptive',
    maxConcurrent: 8,
    maxQueue: 0,
    limit: { min: 2, max: 32, windowMs: 100, minSamples: 4, backoffRatio: 0.5 },
  } as const;

  it('validates its settings, naming the key', () => {
    expect(problemsOf(ADAPTIVE)).toEqual([]);
    expect(problemsOf({ ...ADAPTIVE, limit: { min: 8, max: 4 } })).toEqual([
      'resilience.dependencies.provider.bulkhead.limit.max: must be >= limit.min (8)',
    ]);
    expect(problemsOf({ ...ADAPTIVE, limit: { smoothing: 2 } })).toEqual([
      'resilience.dependencies.provider.bulkhead.limit.smoothing: must be <= 1, got 2',
    ]);
  });

  it('exports the limit, in-flight calls and rejections, and shrinks the limit on timeouts', async () => {
    const metrics = new Registry();
    const registry = new ResilienceRegistry(
      { resilience: { dependencies: { provider: { timeoutMs: 50, bulkhead: ADAPTIVE } } } },
      { metricsRegistry: metrics },
    );
    const dep = registry.get('provider');
    expect(dep.bulkhead).toBeInstanceOf(AdaptiveBulkheadPolicy);
    expect(await metricValue(metrics, 'resilience_bulkhead_limit', { dependency: 'provider' })).toBe(8);

    // Eight calls fill the static limit; a ninth is refused (no queue).
    const calls = Array.from({ length: 9 }, () => dep.execute(slow).catch((e: unknown) => e));
    await jest.advanceTimersByTimeAsync(1);
    expect(await metricValue(metrics, 'resilience_bulkhead_active', { dependency: 'provider', lane: 'normal' })).toBe(
      8,
    );
    // All eight time out (drops); the window closes at the first sample after 100 ms.
    await jest.advanceTimersByTimeAsync(60);
    await Promise.all(calls);
    const late = dep.execute(slow).catch((e: unknown) => e);
    await jest.advanceTimersByTimeAsync(110);
    await late;
    expect(await metricValue(metrics, 'resilience_bulkhead_limit', { dependency: 'provider' })).toBe(4);
    expect(
      await metricValue(metrics, 'resilience_bulkhead_rejections_total', { dependency: 'provider', reason: 'full' }),
    ).toBe(1);
    expect(dep.summary().bulkhead).toBe('0/4');
  });

  it('switches kind at runtime and a fixed bulkhead has no limit series', async () => {
    const metrics = new Registry();
    const registry = new ResilienceRegistry(
      { resilience: { dependencies: { provider: { bulkhead: ADAPTIVE } } } },
      { metricsRegistry: metrics },
    );
    registry.update('provider', { bulkhead: { kind: 'semaphore', maxConcurrent: 5 } });
    const dep = registry.get('provider');
    expect(dep.bulkhead).toBeInstanceOf(BulkheadPolicy);
    expect(dep.bulkhead!.max).toBe(5);
    expect(await metricValue(metrics, 'resilience_bulkhead_limit', { dependency: 'provider' })).toBeUndefined();
  });
});
