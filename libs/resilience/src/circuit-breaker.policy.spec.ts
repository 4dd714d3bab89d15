import { CircuitBreakerPolicy, CircuitState, CircuitStateChange } from './circuit-breaker.policy';
import { BrokenCircuitError, isBrokenCircuitError } from './errors';
import { Deferred, deferred, flush, seededRandom } from './testing/helpers';

const fail = async (): Promise<never> => {
  throw new Error('down');
};
const ok = async (): Promise<string> => 'ok';

async function failTimes(b: CircuitBreakerPolicy, n: number): Promise<void> {
  for (let i = 0; i < n; i++) await b.execute(fail).catch(() => undefined);
}

describe('CircuitBreakerPolicy', () => {
  beforeEach(() => {
    jest.useFakeTimers();
    jest.setSystemTime(1_000_000);
  });
  afterEach(() => jest.useRealTimers());

  describe('consecutive mode (defaults: 5 failures, 60 s open, 3 successes to close)', () => {
    it('opens after 5 consecutive failures, not after 4 interrupted by a success', async () => {
      const b = new CircuitBreakerPolicy({ dependency: 'payments' });
      await failTimes(b, 4);
      await b.execute(ok);
      await failTimes(b, 4);
      expect(b.state).toBe('closed');
      await failTimes(b, 1);
      expect(b.state).toBe('open');
    });

    it('rejects with BrokenCircuitError naming the dependency and retryAt while open, then probes', async () => {
      const b = new CircuitBreakerPolicy({ dependency: 'payments' });
      await failTimes(b, 5);
      const fn = jest.fn(ok);
      const err = await b.execute(fn).catch((e: unknown) => e);
      expect(isBrokenCircuitError(err)).toBe(true);
      expect(err).toMatchObject({ dependency: 'payments', retryAt: 1_000_000 + 60_000 });
      expect(fn).not.toHaveBeenCalled();
      jest.advanceTimersByTime(59_999);
      await expect(b.execute(fn)).rejects.toBeInstanceOf(BrokenCircuitError);
      jest.advanceTimersByTime(1);
      await expect(b.execute(fn)).resolves.toBe('ok');
      expect(b.state).toBe('half-open');
    });

    it('closes after 3 successful probes and reopens on a failed probe', async () => {
      const b = new CircuitBreakerPolicy();
      await failTimes(b, 5);
      jest.advanceTimersByTime(60_000);
      await b.execute(ok);
      await b.execute(ok);
      expect(b.state).toBe('half-open');
      await b.execute(ok);
      expect(b.state).toBe('closed');

      await failTimes(b, 5);
      jest.advanceTimersByTime(60_000);
      await b.execute(fail).catch(() => undefined);
      expect(b.state).toBe('open');
    });
  });

  it('half-open admits exactly N probes under a burst of 50', async () => {
    const b = new CircuitBreakerPolicy({
      failureThreshold: 1,
      openMs: 1000,
      halfOpenMaxProbes: 3,
      successThreshold: 3,
    });
    await failTimes(b, 1);
    jest.advanceTimersByTime(1000);
    const gates: Deferred<string>[] = [];
    const started = jest.fn();
    const burst = Array.from({ length: 50 }, () =>
      b.execute(() => {
        started();
        const g = deferred<string>();
        gates.push(g);
        return g.promise;
      }),
    );
    const settled = Promise.allSettled(burst);
    await flush();
    expect(started).toHaveBeenCalledTimes(3);
    gates.forEach((g) => g.resolve('probe'));
    const results = await settled;
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    expect(results.filter((r) => r.status === 'rejected' && isBrokenCircuitError(r.reason))).toHaveLength(47);
    expect(b.state).toBe('closed');
  });

  it('grows the open duration exponentially after failed probes, up to maxOpenMs, and resets on close', async () => {
    const b = new CircuitBreakerPolicy({
      failureThreshold: 1,
      openMs: 1000,
      backoffMultiplier: 2,
      maxOpenMs: 5000,
      successThreshold: 1,
    });
    const opens: Array<number | undefined> = [];
    b.onStateChange((e) => e.to === 'open' && opens.push(e.retryAt! - Date.now()));
    await failTimes(b, 1);
    for (let i = 0; i < 4; i++) {
      jest.advanceTimersByTime(opens[opens.length - 1]!);
      await b.execute(fail).catch(() => undefined);
    }
    expect(opens).toEqual([1000, 2000, 4000, 5000, 5000]);
    jest.advanceTimersByTime(5000);
    await b.execute(ok);
    expect(b.state).toBe('closed');
    await failTimes(b, 1);
    expect(opens[opens.length - 1]).toBe(1000);
  });

  it('does not count ignored errors (e.g. a 4xx validation error) and treats non-failures as success', async () => {
    const validation = Object.assign(new Error('bad input'), { status: 422 });
    const b = new CircuitBreakerPolicy({
      failureThreshold: 2,
      isIgnored: (e) => (e as { status?: number }).status === 422,
    });
    for (let i = 0; i < 10; i++) await b.execute(() => Promise.reject(validation)).catch(() => undefined);
    expect(b.state).toBe('closed');
    const notFailure = new CircuitBreakerPolicy({
      failureThreshold: 2,
      isFailure: (e) => (e as Error).message !== 'benign',
    });
    await notFailure.execute(fail).catch(() => undefined);
    await notFailure.execute(() => Promise.reject(new Error('benign'))).catch(() => undefined);
    await notFailure.execute(fail).catch(() => undefined);
    expect(notFailure.state).toBe('closed');
  });

  describe('count-based sliding window', () => {
    it('opens when the failure rate reaches the threshold once minimumCalls are recorded', async () => {
      const b = new CircuitBreakerPolicy({ mode: 'count', windowSize: 10, minimumCalls: 10, failureRateThreshold: 50 });
      for (let i = 0; i < 4; i++) await b.execute(fail).catch(() => undefined);
      for (let i = 0; i < 5; i++) await b.execute(ok);
      expect(b.state).toBe('closed'); // 9 calls < minimumCalls
      await b.execute(fail).catch(() => undefined); // 5/10 = 50 %
      expect(b.state).toBe('open');
    });

    it('judges a window smaller than minimumCalls once it is full', async () => {
      const b = new CircuitBreakerPolicy({ mode: 'count', windowSize: 4, failureRateThreshold: 50 }); // default minimumCalls 10
      await failTimes(b, 3);
      expect(b.state).toBe('closed');
      await failTimes(b, 1);
      expect(b.state).toBe('open');
    });

    it('forgets outcomes that slide out of the window', async () => {
      const b = new CircuitBreakerPolicy({ mode: 'count', windowSize: 4, minimumCalls: 4, failureRateThreshold: 75 });
      await failTimes(b, 2);
      for (let i = 0; i < 6; i++) await b.execute(ok);
      await failTimes(b, 2); // window: ok ok fail fail = 50 %
      expect(b.state).toBe('closed');
    });

    it('opens on the slow-call rate', async () => {
      const b = new CircuitBreakerPolicy({
        mode: 'count',
        windowSize: 4,
        minimumCalls: 4,
        slowCallDurationMs: 1000,
        slowCallRateThreshold: 50,
      });
      const slow = () =>
        b.execute(async () => {
          await new Promise((r) => setTimeout(r, 1500));
          return 'slow';
        });
      await b.execute(ok);
      await b.execute(ok);
      const p1 = slow();
      await jest.advanceTimersByTimeAsync(1500);
      await p1;
      expect(b.state).toBe('closed');
      const p2 = slow();
      await jest.advanceTimersByTimeAsync(1500);
      await p2;
      expect(b.state).toBe('open');
    });
  });

  describe('time-based sliding window', () => {
    it('judges only calls of the last windowMs', async () => {
      const b = new CircuitBreakerPolicy({ mode: 'time', windowMs: 10_000, minimumCalls: 4, failureRateThreshold: 50 });
      await failTimes(b, 3);
      jest.advanceTimersByTime(11_000); // those failures expire
      await b.execute(ok);
      await b.execute(ok);
      await b.execute(ok);
      await failTimes(b, 1); // 1/4 in window
      expect(b.state).toBe('closed');
      await failTimes(b, 2); // 3/6
      expect(b.state).toBe('open');
    });
  });

  describe('manual control', () => {
    it('forceOpen isolates until reset; forceClosed lets everything through and records nothing', async () => {
      const b = new CircuitBreakerPolicy({ failureThreshold: 1 });
      const changes: CircuitStateChange[] = [];
      b.onStateChange((c) => changes.push(c));
      b.forceOpen();
      const err = await b.execute(ok).catch((e: unknown) => e);
      expect(err).toMatchObject({ retryAt: undefined });
      jest.advanceTimersByTime(10 * 60_000);
      await expect(b.execute(ok)).rejects.toBeInstanceOf(BrokenCircuitError);
      b.forceClosed();
      await failTimes(b, 5);
      expect(b.state).toBe('closed');
      await expect(b.execute(ok)).resolves.toBe('ok');
      b.reset();
      await failTimes(b, 1);
      expect(b.state).toBe('open');
      expect(changes.map((c) => `${c.from}->${c.to}${c.manual ? '*' : ''}`)).toEqual([
        'closed->open*',
        'open->closed*',
        'closed->open',
      ]);
    });
  });

  it('ignores results of calls that started before the last transition', async () => {
    const b = new CircuitBreakerPolicy({ failureThreshold: 1, openMs: 1000, successThreshold: 1 });
    const slow = deferred<string>();
    const old = b.execute(() => slow.promise);
    await failTimes(b, 1); // opens
    jest.advanceTimersByTime(1000);
    const probe = deferred<string>();
    const p = b.execute(() => probe.promise); // half-open, probe in flight
    slow.reject(new Error('late failure from before'));
    await old.catch(() => undefined);
    expect(b.state).toBe('half-open');
    probe.resolve('ok');
    await p;
    expect(b.state).toBe('closed');
  });

  it('keeps its invariants under random outcomes and timings (seeded)', async () => {
    const legal = new Set(['closed->open', 'open->half-open', 'half-open->open', 'half-open->closed']);
    for (const seed of [1, 7, 42, 2024]) {
      const random = seededRandom(seed);
      const N = 2;
      const b = new CircuitBreakerPolicy({
        mode: seed % 2 ? 'consecutive' : 'count',
        failureThreshold: 3,
        windowSize: 10,
        minimumCalls: 5,
        openMs: 500,
        backoffMultiplier: 2,
        maxOpenMs: 4000,
        halfOpenMaxProbes: N,
        successThreshold: 2,
      });
      let state: CircuitState = 'closed';
      let retryAt = 0;
      let probesRunning = 0;
      let maxProbes = 0;
      const illegal: string[] = [];
      const seen = new Set<string>();
      b.onStateChange((c) => {
        seen.add(`${c.from}->${c.to}`);
        if (!legal.has(`${c.from}->${c.to}`) || c.from !== state) illegal.push(`${c.from}->${c.to} (tracked ${state})`);
        state = c.to;
        if (c.to === 'open') retryAt = c.retryAt!;
      });
      const inFlight: Promise<unknown>[] = [];
      for (let step = 0; step < 400; step++) {
        const before = b.state;
        const now = Date.now();
        let ran = false;
        let asProbe = false;
        const p = b.execute(async () => {
          ran = true;
          asProbe = b.state === 'half-open';
          if (asProbe) maxProbes = Math.max(maxProbes, ++probesRunning);
          await new Promise((r) => setTimeout(r, Math.floor(random() * 300)));
          if (asProbe) probesRunning--;
          if (random() < 0.45) throw new Error('random failure');
          return 'ok';
        });
        // open must reject everything until retryAt
        if (before === 'open' && now < retryAt) expect(ran).toBe(false);
        inFlight.push(p.catch(() => undefined));
        await jest.advanceTimersByTimeAsync(Math.floor(random() * 120));
      }
      await jest.advanceTimersByTimeAsync(10_000);
      await Promise.all(inFlight);
      expect(illegal).toEqual([]);
      expect(maxProbes).toBeLessThanOrEqual(N);
      // the run must actually have exercised the machine, or the checks above prove nothing
      expect([...seen].sort()).toEqual([...legal].sort());
      expect(maxProbes).toBeGreaterThan(0);
    }
  });
});
