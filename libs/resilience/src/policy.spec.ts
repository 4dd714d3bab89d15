import { BulkheadPolicy } from './bulkhead.policy';
import { CircuitBreakerPolicy } from './circuit-breaker.policy';
import { isTimeoutError } from './errors';
import { EventEmitter } from './events';
import { FallbackPolicy } from './fallback.policy';
import { CallOptions, ExecuteContext, noopPolicy, Policy, wrap } from './policy';
import { RetryPolicy } from './retry.policy';
import { TimeoutPolicy } from './timeout.policy';

/** A foreign policy (only the public interface) that records what it saw. */
class Recorder implements Policy {
  readonly seen: Array<{ name: string; signal: AbortSignal | undefined; options: CallOptions | undefined }> = [];
  constructor(
    private readonly name: string,
    private readonly log: string[],
  ) {}
  execute<T>(fn: (ctx: ExecuteContext) => Promise<T>, signal?: AbortSignal, options?: CallOptions): Promise<T> {
    this.log.push(this.name);
    this.seen.push({ name: this.name, signal, options });
    return fn({ signal: signal ?? new AbortController().signal });
  }
}

describe('wrap', () => {
  afterEach(() => jest.useRealTimers());

  it('runs policies outermost first and passes call options through every layer', async () => {
    const log: string[] = [];
    const a = new Recorder('a', log);
    const b = new Recorder('b', log);
    await wrap(a, new BulkheadPolicy({ maxConcurrent: 1 }), b).execute(async () => log.push('fn'), undefined, {
      priority: 'high',
      idempotent: true,
    });
    expect(log).toEqual(['a', 'b', 'fn']);
    expect(b.seen[0].options).toEqual({ priority: 'high', idempotent: true });
  });

  it('hands the timeout signal to inner layers and the function', async () => {
    jest.useFakeTimers();
    const log: string[] = [];
    const inner = new Recorder('inner', log);
    let fnSignal: AbortSignal | undefined;
    const p = wrap(new TimeoutPolicy({ timeoutMs: 100 }), inner)
      .execute(({ signal }) => {
        fnSignal = signal;
        return new Promise(() => undefined);
      })
      .catch((e: unknown) => e);
    await jest.advanceTimersByTimeAsync(100);
    expect(isTimeoutError(await p)).toBe(true);
    expect(inner.seen[0].signal).toBe(fnSignal);
    expect(fnSignal!.aborted).toBe(true);
  });

  it('passes the caller signal to the first layer', async () => {
    const log: string[] = [];
    const outer = new Recorder('outer', log);
    const ac = new AbortController();
    await wrap(outer, new CircuitBreakerPolicy()).execute(async () => 1, ac.signal);
    expect(outer.seen[0].signal).toBe(ac.signal);
  });

  it('composes fallback → retry → breaker → timeout into one reusable policy', async () => {
    const stack = wrap(
      new FallbackPolicy({ fallback: () => 'fallback' }),
      new RetryPolicy({ maxAttempts: 2, initialDelayMs: 0, idempotent: true }),
      new CircuitBreakerPolicy({ failureThreshold: 10 }),
    );
    let n = 0;
    await expect(stack.execute(async () => (++n < 2 ? Promise.reject(new Error('once')) : 'real'))).resolves.toBe(
      'real',
    );
    await expect(stack.execute(() => Promise.reject(new Error('always')))).resolves.toBe('fallback');
  });

  it('timeout around bulkhead: queueing time counts and a timed-out waiter leaves the queue', async () => {
    jest.useFakeTimers();
    const bulkhead = new BulkheadPolicy({ maxConcurrent: 1, maxQueue: 5 });
    const stack = wrap(new TimeoutPolicy({ timeoutMs: 100 }), bulkhead);
    let release!: () => void;
    const holder = bulkhead.execute(() => new Promise<void>((r) => (release = r)));
    const waiting = stack.execute(async () => 'ran').catch((e: unknown) => e);
    expect(bulkhead.queued).toBe(1);
    await jest.advanceTimersByTimeAsync(100);
    expect(isTimeoutError(await waiting)).toBe(true);
    expect(bulkhead.queued).toBe(0);
    release();
    await holder;
  });

  it('returns the no-op policy for an empty list', () => {
    expect(wrap()).toBe(noopPolicy);
  });
});

describe('EventEmitter', () => {
  it('delivers to listeners until disposed and survives a throwing listener', () => {
    const e = new EventEmitter<number>();
    expect(e.hasListeners).toBe(false);
    const got: number[] = [];
    e.event(() => {
      throw new Error('bad listener');
    });
    const sub = e.event((v) => got.push(v));
    e.emit(1);
    sub.dispose();
    e.emit(2);
    expect(got).toEqual([1]);
  });
});
