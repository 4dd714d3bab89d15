import { Registry } from 'prom-client';

import { parseResilienceConfig } from './config/resilience-config';
import { isResilienceConfigError } from './errors';
import { ResilienceRegistry } from './resilience.registry';
import { ResilienceEvent } from './resilient-dependency';

async function metricValue(reg: Registry, name: string, labels: Record<string, string>): Promise<number | undefined> {
  const m = await reg.getSingleMetric(name)!.get();
  return m.values.find((x) => Object.entries(labels).every(([k, v]) => x.labels[k] === v))?.value;
}

function problemsOf(dependency: unknown): string[] {
  try {
    parseResilienceConfig({ resilience: { dependencies: { carrier: dependency } } });
    return [];
  } catch (e) {
    if (!isResilienceConfigError(e)) throw e;
    return e.problems.map((p) => `${p.path}: ${p.message}`);
  }
}

const RETRY = { maxAttempts: 3, initialDelayMs: 10, jitter: 'none', idempotent: true } as const;

function carrier(budget: Record<string, unknown> = { ratio: 0.1, minRetriesPerSecond: 0, windowMs: 10_000 }): {
  registry: ResilienceRegistry;
  metrics: Registry;
  events: ResilienceEvent[];
} {
  const metrics = new Registry();
  const registry = new ResilienceRegistry(
    { resilience: { dependencies: { carrier: { retry: { ...RETRY, budget } } } } },
    { metricsRegistry: metrics },
  );
  const events: ResilienceEvent[] = [];
  registry.onEvent((e) => events.push(e));
  return { registry, metrics, events };
}

const down = jest.fn(async (): Promise<string> => Promise.reject(new Error('down')));
const ok = async (): Promise<string> => 'ok';

describe('retry budget of a registry dependency', () => {
  beforeEach(() => {
    jest.useFakeTimers();
    down.mockClear();
  });
  afterEach(() => jest.useRealTimers());

  it('is one budget per dependency, shared by every caller of it', async () => {
    const { registry } = carrier();
    const callerA = registry.get('carrier');
    const callerB = registry.get('carrier');
    expect(callerA.retryBudget).toBeDefined();
    for (let i = 0; i < 20; i++) await callerA.execute(ok); // A's calls: 2 retries' worth
    const failures = [1, 2, 3].map(() => callerB.execute(down).catch((e: unknown) => e));
    await jest.advanceTimersByTimeAsync(100);
    await Promise.all(failures);
    // B's 3 calls + the 2 retries A paid for (23 calls × 0.1 = 2.3).
    expect(down).toHaveBeenCalledTimes(5);
    expect(callerA.retryBudget!.recentRetries).toBe(2);
  });

  it('counts allowed and refused retries, exports the balance and emits retry-budget-refused', async () => {
    const { registry, metrics, events } = carrier();
    const dep = registry.get('carrier');
    for (let i = 0; i < 30; i++) await dep.execute(ok);
    expect(await metricValue(metrics, 'resilience_retry_budget_balance', { dependency: 'carrier' })).toBeCloseTo(3);
    const p = dep.execute(down).catch((e: unknown) => e); // 3.1 tokens: retries 1 and 2 allowed
    const q = dep.execute(down).catch((e: unknown) => e); // 3.2 - 2: one more retry, then refused
    await jest.advanceTimersByTimeAsync(100);
    expect(await p).toMatchObject({ message: 'down' });
    await q;
    expect(
      await metricValue(metrics, 'resilience_retry_budget_total', { dependency: 'carrier', decision: 'allowed' }),
    ).toBe(3);
    expect(
      await metricValue(metrics, 'resilience_retry_budget_total', { dependency: 'carrier', decision: 'refused' }),
    ).toBe(1);
    expect(await metricValue(metrics, 'resilience_retries_total', { dependency: 'carrier' })).toBe(3);
    expect(await metricValue(metrics, 'resilience_retry_budget_balance', { dependency: 'carrier' })).toBeCloseTo(0.2);
    expect(events.filter((e) => e.type === 'retry-budget-refused')).toEqual([
      { type: 'retry-budget-refused', dependency: 'carrier', attempt: 3, balance: expect.closeTo(0.2) },
    ]);
  });

  it('keeps the budget and its counts across update(); enabled: false removes it', async () => {
    const { registry } = carrier();
    const dep = registry.get('carrier');
    const budget = dep.retryBudget!;
    for (let i = 0; i < 100; i++) await dep.execute(ok);
    registry.update('carrier', { retry: { maxAttempts: 2, budget: { ratio: 0.05 } } });
    expect(dep.retryBudget).toBe(budget);
    expect(budget.recentCalls).toBe(100);
    expect(budget.balance).toBeCloseTo(5);
    registry.update('carrier', { retry: { budget: { enabled: false } } });
    expect(dep.retryBudget).toBeUndefined();
    const p = dep.execute(down).catch((e: unknown) => e);
    await jest.advanceTimersByTimeAsync(100);
    await p;
    expect(down).toHaveBeenCalledTimes(2); // maxAttempts 2, no budget in the way
  });

  it('without a budget section a dependency has none and retries as before', async () => {
    const registry = new ResilienceRegistry(
      { resilience: { dependencies: { carrier: { retry: RETRY } } } },
      { metricsRegistry: false },
    );
    expect(registry.get('carrier').retryBudget).toBeUndefined();
    const p = registry
      .get('carrier')
      .execute(down)
      .catch((e: unknown) => e);
    await jest.advanceTimersByTimeAsync(100);
    await p;
    expect(down).toHaveBeenCalledTimes(3);
  });
});

describe('retry budget config', () => {
  it('accepts ratio, minRetriesPerSecond, windowMs and enabled', () => {
    expect(
      problemsOf({ retry: { budget: { enabled: true, ratio: 0.1, minRetriesPerSecond: 0.5, windowMs: 10_000 } } }),
    ).toEqual([]);
  });

  it.each([
    [{ ratio: 1.5 }, 'resilience.dependencies.carrier.retry.budget.ratio: must be <= 1, got 1.5'],
    [{ ratio: -0.1 }, 'resilience.dependencies.carrier.retry.budget.ratio: must be >= 0, got -0.1'],
    [{ ratio: '10%' }, 'resilience.dependencies.carrier.retry.budget.ratio: expected a number, got "10%"'],
    [
      { minRetriesPerSecond: -1 },
      'resilience.dependencies.carrier.retry.budget.minRetriesPerSecond: must be >= 0, got -1',
    ],
    [{ windowMs: 50 }, 'resilience.dependencies.carrier.retry.budget.windowMs: must be >= 100, got 50'],
    [{ windowMs: 1000.5 }, 'resilience.dependencies.carrier.retry.budget.windowMs: expected an integer, got 1000.5'],
    [{ percent: 10 }, 'resilience.dependencies.carrier.retry.budget.percent: unknown key'],
  ])('refuses %j naming the key path', (budget, problem) => {
    expect(problemsOf({ retry: { budget } })).toEqual([problem]);
  });

  it('refuses a budget that is not a mapping', () => {
    expect(problemsOf({ retry: { budget: 0.1 } })).toEqual([
      'resilience.dependencies.carrier.retry.budget: expected a mapping, got number 0.1',
    ]);
  });
});
