import { Registry } from 'prom-client';

import {
  currentDeadline,
  parseDeadlineHeader,
  parseTimeoutHeader,
  remainingMs,
  runWithDeadline,
  timeoutHeaderValue,
} from './deadline';
import { isDeadlineExceededError, isTimeoutError } from './errors';
import { ResilienceRegistry } from './resilience.registry';
import { RetryPolicy } from './retry.policy';
import { track } from './testing/helpers';
import { TimeoutPolicy } from './timeout.policy';

const never = () => new Promise<string>(() => undefined);

describe('deadline context', () => {
  it('is absent outside runWithDeadline and present inside, across awaits', async () => {
    expect(currentDeadline()).toBeUndefined();
    const at = Date.now() + 5_000;
    await runWithDeadline(at, async () => {
      await Promise.resolve();
      await new Promise((r) => setImmediate(r));
      expect(currentDeadline()).toBe(at);
    });
    expect(currentDeadline()).toBeUndefined();
  });

  it('keeps the earlier deadline when calls nest, so an inner call never gets more time', () => {
    const now = Date.now();
    runWithDeadline(now + 1_000, () => {
      runWithDeadline(now + 9_000, () => expect(currentDeadline()).toBe(now + 1_000));
      runWithDeadline(now + 500, () => expect(currentDeadline()).toBe(now + 500));
      runWithDeadline(undefined, () => expect(currentDeadline()).toBe(now + 1_000));
    });
  });

  it('tells the time left and the header value for an outgoing HTTP call', () => {
    const now = 1_000_000;
    runWithDeadline(now + 1234.7, () => {
      expect(remainingMs(now)).toBeCloseTo(1234.7);
      expect(timeoutHeaderValue(now)).toBe('1234');
      expect(remainingMs(now + 5_000)).toBe(0);
    });
    expect(timeoutHeaderValue(now)).toBeUndefined();
  });
});

describe('parseTimeoutHeader', () => {
  it.each([
    [undefined, undefined],
    ['250', 250],
    [' 1 ', 1],
  ])('accepts %p', (value, ms) => expect(parseTimeoutHeader(value)).toEqual({ ok: true, timeoutMs: ms }));

  it.each([['0'], ['-5'], ['1.5'], ['abc'], [''], ['1e3'], ['99999999999'], ['86400001'], [['1', '2']]])(
    'refuses %p, naming the header',
    (value) => {
      const parsed = parseTimeoutHeader(value);
      expect(parsed.ok).toBe(false);
      expect(parsed.ok ? '' : parsed.problem).toMatch(/^x-timeout-ms must be/);
    },
  );
});

describe('parseDeadlineHeader', () => {
  const now = 1_700_000_000_000;
  it('reads an epoch-ms deadline from a string or a Buffer', () => {
    expect(parseDeadlineHeader(String(now + 3_000), now)).toBe(now + 3_000);
    expect(parseDeadlineHeader(Buffer.from(String(now - 10)), now)).toBe(now - 10);
  });
  it('ignores malformed or implausible values instead of trusting them', () => {
    for (const v of [undefined, '', 'soon', '-1', '1.5', String(now + 2 * 86_400_000), '12', {}])
      expect(parseDeadlineHeader(v, now)).toBeUndefined();
  });
});

describe('TimeoutPolicy under a deadline', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('cuts the call at the deadline when less is left than its own budget, aborting its signal', async () => {
    const t = new TimeoutPolicy({ timeoutMs: 1_000, dependency: 'advisor' });
    let seen: AbortSignal | undefined;
    const p = track(
      runWithDeadline(Date.now() + 300, () =>
        t.execute(({ signal }) => {
          seen = signal;
          return never();
        }),
      ),
    );
    await jest.advanceTimersByTimeAsync(299);
    expect(p.state).toBe('pending');
    await jest.advanceTimersByTimeAsync(1);
    expect(p.state).toBe('rejected');
    expect(isDeadlineExceededError(p.error)).toBe(true);
    expect(isTimeoutError(p.error)).toBe(true); // fallbacks and metrics treat it as a timeout
    expect(seen!.aborted).toBe(true);
  });

  it('keeps its own budget when the deadline leaves more', async () => {
    const t = new TimeoutPolicy({ timeoutMs: 200 });
    const p = track(runWithDeadline(Date.now() + 5_000, () => t.execute(never)));
    await jest.advanceTimersByTimeAsync(200);
    expect(p.state).toBe('rejected');
    expect(isTimeoutError(p.error)).toBe(true);
    expect(isDeadlineExceededError(p.error)).toBe(false);
  });

  it('does not start a call whose deadline has passed', async () => {
    const t = new TimeoutPolicy({ timeoutMs: 1_000, dependency: 'payments' });
    const fn = jest.fn(never);
    const p = track(runWithDeadline(Date.now() - 1, () => t.execute(fn)));
    await jest.advanceTimersByTimeAsync(0);
    expect(fn).not.toHaveBeenCalled();
    expect(p.state).toBe('rejected');
    expect((p.error as Error).message).toMatch(/not started: the caller's deadline has passed/);
  });

  it('lets a call that finishes in time through', async () => {
    const t = new TimeoutPolicy({ timeoutMs: 1_000 });
    const p = track(
      runWithDeadline(Date.now() + 300, () =>
        t.execute(() => new Promise<string>((r) => setTimeout(() => r('ok'), 100))),
      ),
    );
    await jest.advanceTimersByTimeAsync(100);
    expect(p.state).toBe('fulfilled');
    expect(p.value).toBe('ok');
  });
});

describe('RetryPolicy under a deadline', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('makes no retry that would start after the caller has given up', async () => {
    const retry = new RetryPolicy({ maxAttempts: 5, initialDelayMs: 100, jitter: 'none', idempotent: true });
    const fn = jest.fn(() => Promise.reject(new Error('down')));
    // Attempts at 0, 100 and 300 ms; the next one (at 700 ms) would be past the 500 ms deadline.
    const p = track(runWithDeadline(Date.now() + 500, () => retry.execute(fn)));
    await jest.advanceTimersByTimeAsync(1_000);
    expect(p.state).toBe('rejected');
    expect(fn).toHaveBeenCalledTimes(3);
  });
});

describe('a registry dependency under a deadline', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const counted = async (metrics: Registry) =>
    Object.fromEntries(
      (await metrics.getSingleMetric('resilience_deadline_exceeded_total')!.get()).values.map((v) => [
        `${v.labels.dependency}/${v.labels.stage}`,
        v.value,
      ]),
    );

  it('counts the calls the deadline refused or cut off apart from its own timeouts', async () => {
    const metrics = new Registry();
    const registry = new ResilienceRegistry(
      { resilience: { dependencies: { advisor: { timeoutMs: 1_000 }, stock: { timeoutMs: 100 } } } },
      { metricsRegistry: metrics },
    );
    // Nothing counted yet: no series (they appear from the first count).
    expect(await counted(metrics)).toEqual({});

    const advisor = registry.get('advisor');
    const cut = track(runWithDeadline(Date.now() + 300, () => advisor.execute(never)));
    const late = track(runWithDeadline(Date.now() - 1, () => advisor.execute(never)));
    // The dependency's own budget, shorter than the deadline: a plain timeout, not counted here.
    const own = track(runWithDeadline(Date.now() + 5_000, () => registry.get('stock').execute(never)));
    await jest.advanceTimersByTimeAsync(300);
    expect([cut.state, late.state, own.state]).toEqual(['rejected', 'rejected', 'rejected']);
    expect(isDeadlineExceededError(own.error)).toBe(false);

    expect(await counted(metrics)).toEqual({ 'advisor/not_started': 1, 'advisor/cut_off': 1 });
    // All three are timeouts to the call counter.
    const calls = (await metrics.getSingleMetric('resilience_calls_total')!.get()).values.filter(
      (v) => v.labels.outcome === 'timeout' && v.value > 0,
    );
    expect(calls.map((v) => [v.labels.dependency, v.value])).toEqual([
      ['advisor', 2],
      ['stock', 1],
    ]);
  });
});
