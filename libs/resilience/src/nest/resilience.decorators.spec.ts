import { BrokenCircuitError, BulkheadRejectedError, isTaskCancelledError, isTimeoutError } from '../errors';
import { FallbackCause } from '../fallback.policy';
import { ResilienceRegistry } from '../resilience.registry';
import { deferred, track } from '../testing/helpers';
import { setResilienceRegistry } from './registry-holder';
import { Bulkhead, CircuitBreaker, Fallback, Resilient, Retry, Timeout } from './resilience.decorators';

/** A plain class (no Nest): policies are created lazily on the first call. */
class CarrierClient {
  calls = 0;
  lastSignal: AbortSignal | undefined;

  @Timeout(100)
  async quote(parcel: string, signal?: AbortSignal): Promise<string> {
    this.lastSignal = signal;
    return new Promise((resolve) => setTimeout(() => resolve(`quote:${parcel}`), 1000));
  }

  @Fallback('cachedLabel')
  @Retry({ maxAttempts: 3, initialDelayMs: 10, jitter: 'none', idempotent: true })
  @CircuitBreaker({ failureThreshold: 10 })
  async label(id: string): Promise<string> {
    this.calls++;
    throw new Error(`carrier down for ${id}`);
  }

  cachedLabel(cause: FallbackCause, id: string): string {
    return `cached:${id}:${cause.kind}`;
  }

  @Bulkhead({ maxConcurrent: 1 })
  async track(gate: Promise<void>): Promise<string> {
    await gate;
    return 'tracked';
  }

  @CircuitBreaker({ failureThreshold: 1, openMs: 1000 })
  async flaky(): Promise<string> {
    throw new Error('flaky');
  }
}

class PaymentClient {
  seen: AbortSignal | undefined;

  @Resilient('payment_gateway', { fallback: 'declineSoftly' })
  async charge(amount: number, signal?: AbortSignal): Promise<string> {
    this.seen = signal;
    if (amount < 0) throw new Error('gateway error');
    return new Promise((resolve) => setTimeout(() => resolve(`charged ${amount}`), amount));
  }

  declineSoftly(cause: FallbackCause, amount: number): string {
    return `pending ${amount} (${cause.kind})`;
  }
}

describe('method decorators on a plain class', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => {
    jest.useRealTimers();
    setResilienceRegistry(undefined);
  });

  it('@Timeout passes an AbortSignal as the last argument and aborts it on timeout', async () => {
    const c = new CarrierClient();
    const p = c.quote('p1').catch((e: unknown) => e);
    await jest.advanceTimersByTimeAsync(100);
    expect(isTimeoutError(await p)).toBe(true);
    expect(c.lastSignal?.aborted).toBe(true);
  });

  it('@Fallback (method by name) answers after @Retry has used its attempts', async () => {
    const c = new CarrierClient();
    const p = c.label('L1');
    await jest.advanceTimersByTimeAsync(100);
    await expect(p).resolves.toBe('cached:L1:error');
    expect(c.calls).toBe(3);
  });

  it('@Bulkhead limits the method across instances', async () => {
    const a = new CarrierClient();
    const b = new CarrierClient();
    const gate = deferred();
    const first = a.track(gate.promise);
    await expect(b.track(Promise.resolve())).rejects.toBeInstanceOf(BulkheadRejectedError);
    gate.resolve();
    await expect(first).resolves.toBe('tracked');
  });

  it('@CircuitBreaker opens and short-circuits', async () => {
    const c = new CarrierClient();
    await c.flaky().catch(() => undefined);
    await expect(c.flaky()).rejects.toBeInstanceOf(BrokenCircuitError);
  });

  it('@Resilient applies the configured stack of the named dependency and its fallback', async () => {
    const registry = new ResilienceRegistry(
      {
        resilience: {
          dependencies: {
            payment_gateway: { timeoutMs: 50, bulkhead: { maxConcurrent: 5 }, circuitBreaker: { enabled: true } },
          },
        },
      },
      { metricsRegistry: false },
    );
    setResilienceRegistry(registry);
    const client = new PaymentClient();
    const fast = track(client.charge(10));
    await jest.advanceTimersByTimeAsync(10);
    expect(fast.value).toBe('charged 10');
    const slow = client.charge(500);
    await jest.advanceTimersByTimeAsync(50);
    await expect(slow).resolves.toBe('pending 500 (timeout)');
    expect(client.seen?.aborted).toBe(true);
    expect(registry.summary().payment_gateway.recentCalls).toBe(2);
  });

  it('@Resilient links a signal passed by the caller', async () => {
    setResilienceRegistry(
      new ResilienceRegistry(
        { resilience: { dependencies: { payment_gateway: { timeoutMs: 10_000 } } } },
        { metricsRegistry: false },
      ),
    );
    const client = new PaymentClient();
    const ac = new AbortController();
    const p = client.charge(5000, ac.signal);
    ac.abort();
    // a caller's cancellation is not a fallback kind by default: it propagates
    expect(isTaskCancelledError(await p.catch((e: unknown) => e))).toBe(true);
    expect(client.seen?.aborted).toBe(true);
  });

  it('@Resilient without a registry fails with a clear message', async () => {
    await expect(new PaymentClient().charge(1)).rejects.toThrow(/no ResilienceRegistry/);
  });
});
