import { join } from 'node:path';

import { register as globalRegister, Registry } from 'prom-client';

import {
  BrokenCircuitError,
  BulkheadRejectedError,
  isResilienceConfigError,
  RateLimitedError,
  TimeoutError,
} from './errors';
import { METRIC_NAMES } from './metrics';
import { ResilienceRegistry } from './resilience.registry';
import { ResilienceEvent } from './resilient-dependency';
import { deferred, flush, track } from './testing/helpers';

async function metricValue(
  reg: Registry,
  name: string,
  labels: Record<string, string>,
  series = name,
): Promise<number | undefined> {
  const m = await reg.getSingleMetric(name)!.get();
  const v = m.values.find(
    (x) =>
      ((x as { metricName?: string }).metricName ?? name) === series &&
      Object.entries(labels).every(([k, val]) => x.labels[k] === val),
  );
  return v?.value;
}

function registry(metrics = new Registry()): { registry: ResilienceRegistry; metrics: Registry } {
  const registry = new ResilienceRegistry(
    {
      resilience: {
        dependencies: {
          payment_gateway: {
            bulkhead: { kind: 'semaphore', maxConcurrent: 2 },
            timeoutMs: 1000,
            circuitBreaker: { enabled: true, failureThreshold: 2, openMs: 5000 },
          },
          redis_cache: { bulkhead: { maxConcurrent: 100 }, timeoutMs: 1500, circuitBreaker: { enabled: false } },
        },
      },
    },
    { metricsRegistry: metrics },
  );
  return { registry, metrics };
}

describe('ResilienceRegistry', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('builds each dependency once and applies its configured stack', async () => {
    const { registry: r } = registry();
    expect(r.get('payment_gateway')).toBe(r.get('payment_gateway'));
    expect(r.get('redis_cache').breaker).toBeUndefined();
    const p = r
      .get('payment_gateway')
      .execute(() => new Promise(() => undefined))
      .catch((e: unknown) => e);
    await jest.advanceTimersByTimeAsync(1000);
    expect(await p).toBeInstanceOf(TimeoutError);
    expect(() => r.get('nope')).toThrow(/Unknown resilience dependency "nope"/);
  });

  it('counts outcomes and exposes gauges labelled by dependency', async () => {
    const { registry: r, metrics } = registry();
    const dep = r.get('payment_gateway');
    await dep.execute(async () => 1);
    await dep.execute(() => Promise.reject(new Error('x'))).catch(() => undefined);
    await dep.execute(() => Promise.reject(new Error('x'))).catch(() => undefined); // opens (threshold 2)
    await dep.execute(async () => 1).catch(() => undefined); // short-circuited
    await expect(dep.execute(async () => 1, { fallback: () => 0 })).resolves.toBe(0);
    expect(
      await metricValue(metrics, 'resilience_calls_total', { dependency: 'payment_gateway', outcome: 'success' }),
    ).toBe(1);
    expect(
      await metricValue(metrics, 'resilience_calls_total', { dependency: 'payment_gateway', outcome: 'failure' }),
    ).toBe(2);
    expect(
      await metricValue(metrics, 'resilience_calls_total', {
        dependency: 'payment_gateway',
        outcome: 'short_circuited',
      }),
    ).toBe(1);
    expect(
      await metricValue(metrics, 'resilience_calls_total', { dependency: 'payment_gateway', outcome: 'fallback' }),
    ).toBe(1);
    expect(await metricValue(metrics, 'resilience_circuit_state', { dependency: 'payment_gateway' })).toBe(1);
    expect(
      await metricValue(metrics, 'resilience_circuit_transitions_total', {
        dependency: 'payment_gateway',
        from: 'closed',
        to: 'open',
      }),
    ).toBe(1);
    expect(await metricValue(metrics, 'resilience_bulkhead_max', { dependency: 'redis_cache' })).toBe(100);
    expect(
      await metricValue(
        metrics,
        'resilience_call_duration_seconds',
        { dependency: 'payment_gateway' },
        'resilience_call_duration_seconds_count',
      ),
    ).toBe(5);
    const text = await metrics.metrics();
    expect(text).toContain('resilience_bulkhead_active{dependency="payment_gateway",lane="critical"} 0');
  });

  it('reports bulkhead use, queue and rejections in metrics and summary', async () => {
    const { registry: r, metrics } = registry();
    const gate = deferred();
    const dep = r.get('payment_gateway');
    const running = [dep.execute(() => gate.promise, { priority: 'high' }), dep.execute(() => gate.promise)];
    const rejected = await dep.execute(async () => 1).catch((e: unknown) => e);
    expect(rejected).toBeInstanceOf(BulkheadRejectedError);
    expect(
      await metricValue(metrics, 'resilience_bulkhead_active', { dependency: 'payment_gateway', lane: 'high' }),
    ).toBe(1);
    expect(
      await metricValue(metrics, 'resilience_calls_total', { dependency: 'payment_gateway', outcome: 'rejected' }),
    ).toBe(1);
    expect(r.summary().payment_gateway).toMatchObject({ bulkhead: '2/2', circuit: 'closed', status: 'up' });
    gate.resolve();
    await Promise.all(running);
  });

  it('update() changes settings at runtime: running calls keep theirs, new calls and metrics use the new ones', async () => {
    const { registry: r, metrics } = registry();
    const dep = r.get('payment_gateway');
    const old = track(dep.execute(() => new Promise(() => undefined)));
    r.update('payment_gateway', { timeoutMs: 100, bulkhead: { maxConcurrent: 10 } });
    const fresh = track(dep.execute(() => new Promise(() => undefined)));
    await jest.advanceTimersByTimeAsync(100);
    expect([old.state, fresh.state]).toEqual(['pending', 'rejected']);
    await jest.advanceTimersByTimeAsync(900);
    expect(old.state).toBe('rejected');
    expect(await metricValue(metrics, 'resilience_bulkhead_max', { dependency: 'payment_gateway' })).toBe(10);
    expect(r.get('payment_gateway').settings.bulkhead).toEqual({ kind: 'semaphore', maxConcurrent: 10 });
    expect(r.summary().payment_gateway.timeoutMs).toBe(100);
  });

  it('update() can switch a layer on and keeps breaker state across updates', async () => {
    const { registry: r } = registry();
    const cache = r.get('redis_cache');
    r.update('redis_cache', { circuitBreaker: { enabled: true, failureThreshold: 1 } });
    await cache.execute(() => Promise.reject(new Error('down'))).catch(() => undefined);
    expect(cache.breaker?.state).toBe('open');
    r.update('redis_cache', { circuitBreaker: { openMs: 1 } });
    expect(cache.breaker?.state).toBe('open');
    await expect(cache.execute(async () => 1)).rejects.toBeInstanceOf(BrokenCircuitError);
  });

  it('update() rejects unknown keys with their path', () => {
    const { registry: r } = registry();
    let err: unknown;
    try {
      r.update('payment_gateway', { bulkhead: { maxConcurent: 3 } } as never);
    } catch (e) {
      err = e;
    }
    expect(isResilienceConfigError(err)).toBe(true);
    expect((err as Error).message).toBe('resilience.dependencies.payment_gateway.bulkhead.maxConcurent: unknown key');
    expect(() => r.update('payment_gateway', { rateLimit: { kind: 'token-bucket', capacity: 5 } })).toThrow(
      'resilience.dependencies.payment_gateway.rateLimit.refillPerSecond: required for a token bucket',
    );
    expect(r.get('payment_gateway').rateLimit).toBeUndefined();
  });

  it('summary() gives status, breaker state, success rate and latency percentiles; an open breaker is degraded', async () => {
    const { registry: r } = registry();
    const dep = r.get('payment_gateway');
    for (const ms of [10, 20, 30, 40, 50, 60, 70, 80, 90, 100]) {
      const p = dep.execute(() => new Promise((res) => setTimeout(res, ms)));
      await jest.advanceTimersByTimeAsync(ms);
      await p;
    }
    let s = r.summary().payment_gateway;
    expect(s).toMatchObject({ status: 'up', circuit: 'closed', successRate: 1, recentCalls: 10 });
    expect(s.latencyMs.p50).toBeCloseTo(50, 0);
    expect(s.latencyMs.p95).toBeCloseTo(100, 0);
    dep.breaker!.forceOpen();
    s = r.summary().payment_gateway;
    expect(s).toMatchObject({ status: 'degraded', circuit: 'isolated' });
    expect(r.summary().redis_cache).toMatchObject({ circuit: 'disabled', bulkhead: '0/100', status: 'up' });
  });

  it('emits events that apps can log', async () => {
    const { registry: r } = registry();
    const events: ResilienceEvent[] = [];
    r.onEvent((e) => events.push(e));
    const dep = r.get('payment_gateway');
    await dep.execute(() => Promise.reject(new Error('x'))).catch(() => undefined);
    await dep.execute(() => Promise.reject(new Error('x'))).catch(() => undefined);
    await flush();
    expect(events).toEqual([
      expect.objectContaining({ type: 'circuit-state', dependency: 'payment_gateway', from: 'closed', to: 'open' }),
    ]);
  });

  it('does not let a 4xx error trip a registry breaker nor be retried', async () => {
    const r = new ResilienceRegistry(
      {
        resilience: {
          dependencies: {
            api: {
              circuitBreaker: { enabled: true, failureThreshold: 1 },
              retry: { maxAttempts: 3, idempotent: true, initialDelayMs: 0 },
            },
          },
        },
      },
      { metricsRegistry: false },
    );
    const fn = jest.fn(() => Promise.reject(Object.assign(new Error('invalid'), { status: 400 })));
    await r
      .get('api')
      .execute(fn)
      .catch(() => undefined);
    expect(fn).toHaveBeenCalledTimes(1);
    expect(r.get('api').breaker!.state).toBe('closed');
  });

  it('does not let local refusals (bulkhead full) trip the breaker', async () => {
    const r = new ResilienceRegistry(
      {
        resilience: {
          dependencies: {
            api: { bulkhead: { maxConcurrent: 1 }, circuitBreaker: { enabled: true, failureThreshold: 1 } },
          },
        },
      },
      { metricsRegistry: false },
    );
    const gate = deferred();
    const running = r.get('api').execute(() => gate.promise);
    for (let i = 0; i < 3; i++)
      await expect(r.get('api').execute(async () => 1)).rejects.toBeInstanceOf(BulkheadRejectedError);
    expect(r.get('api').breaker!.state).toBe('closed');
    gate.resolve();
    await running;
  });

  it('counts retries and rate-limit refusals from configured layers', async () => {
    const metrics = new Registry();
    const r = new ResilienceRegistry(
      {
        resilience: {
          dependencies: {
            carrier: {
              retry: { maxAttempts: 3, initialDelayMs: 10, jitter: 'none', idempotent: true },
              rateLimit: { kind: 'sliding-window', limit: 2, windowMs: 1000 },
            },
          },
        },
      },
      { metricsRegistry: metrics },
    );
    let n = 0;
    const p = r.get('carrier').execute(async () => (++n < 2 ? Promise.reject(new Error('flaky')) : 'ok'));
    await jest.advanceTimersByTimeAsync(10);
    await expect(p).resolves.toBe('ok');
    expect(await metricValue(metrics, 'resilience_retries_total', { dependency: 'carrier' })).toBe(1);
    // both permits of the window are used: the next call is refused (and a refusal is retried only after backoff)
    const refused = r
      .get('carrier')
      .execute(async () => 'x')
      .catch((e: unknown) => e);
    await jest.advanceTimersByTimeAsync(100);
    expect(await refused).toBeInstanceOf(RateLimitedError);
    expect(await metricValue(metrics, 'resilience_calls_total', { dependency: 'carrier', outcome: 'rejected' })).toBe(
      1,
    );
  });

  it('runs worker-pool dependencies through the stack with runInWorker', async () => {
    jest.useRealTimers();
    const r = new ResilienceRegistry(
      {
        resilience: {
          dependencies: {
            pricing: {
              timeoutMs: 20_000,
              bulkhead: {
                kind: 'worker-pool',
                filename: join(__dirname, 'testing', 'heavy.worker.js'),
                maxThreads: 1,
                maxQueue: 4,
              },
            },
          },
        },
      },
      { metricsRegistry: false },
    );
    try {
      await expect(r.get('pricing').runInWorker<number>('fib', 12)).resolves.toBe(144);
      expect(r.summary().pricing.bulkhead).toBe('0/1');
      await expect(r.get('pricing').execute(async () => 1)).resolves.toBe(1);
      // The call's priority is its lane in the pool.
      const pool = r.get('pricing').workerPool!;
      const blocker = r.get('pricing').runInWorker('block', 300);
      const high = r.get('pricing').runInWorker<number>('fib', 5, { priority: 'high' });
      expect([pool.activeIn('normal'), pool.queuedIn('high')]).toEqual([1, 1]);
      await Promise.all([blocker, high]);
    } finally {
      await r.close();
    }
  });

  it("gives a worker pool the config's maxWaitMs", async () => {
    jest.useRealTimers();
    const r = new ResilienceRegistry(
      {
        resilience: {
          dependencies: {
            pricing: {
              bulkhead: {
                kind: 'worker-pool',
                filename: join(__dirname, 'testing', 'heavy.worker.js'),
                maxThreads: 1,
                maxQueue: 4,
                maxWaitMs: 30,
              },
            },
          },
        },
      },
      { metricsRegistry: false },
    );
    try {
      const blocker = r.get('pricing').runInWorker('block', 300);
      await expect(r.get('pricing').runInWorker('fib', 5)).rejects.toMatchObject({
        reason: 'queue-timeout',
        dependency: 'pricing',
      });
      await blocker;
    } finally {
      await r.close();
    }
  });

  it('executeDetailed says when the fallback answered', async () => {
    const { registry: r } = registry();
    const res = await r
      .get('redis_cache')
      .executeDetailed(() => Promise.reject(new Error('miss')), { fallback: (c) => `fallback:${c.kind}` });
    expect(res).toMatchObject({ outcome: 'fallback', value: 'fallback:error' });
  });

  it("records into prom-client's global register when no metricsRegistry is given and prom-client is installed", async () => {
    const r = new ResilienceRegistry({ dependencies: { ledger: { timeoutMs: 1000 } } });
    try {
      await r.get('ledger').execute(() => Promise.resolve('ok'));
      expect(
        await metricValue(globalRegister, 'resilience_calls_total', { dependency: 'ledger', outcome: 'success' }),
      ).toBe(1);
    } finally {
      await r.close();
      for (const name of METRIC_NAMES) globalRegister.removeSingleMetric(name);
    }
  });
});
