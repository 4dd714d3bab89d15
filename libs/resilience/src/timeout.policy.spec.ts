import { isTaskCancelledError, isTimeoutError, TimeoutError } from './errors';
import { track } from './testing/helpers';
import { TimeoutPolicy } from './timeout.policy';

describe('TimeoutPolicy', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('aborts the signal given to the function and rejects with TimeoutError at the deadline', async () => {
    const t = new TimeoutPolicy({ timeoutMs: 1000, dependency: 'carrier' });
    let seen: AbortSignal | undefined;
    const p = track(
      t.execute(({ signal }) => {
        seen = signal;
        return new Promise<string>(() => undefined); // never settles on its own
      }),
    );
    await jest.advanceTimersByTimeAsync(999);
    expect(p.state).toBe('pending');
    expect(seen!.aborted).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    expect(p.state).toBe('rejected');
    expect(isTimeoutError(p.error)).toBe(true);
    expect(p.error).toMatchObject({ timeoutMs: 1000, dependency: 'carrier' });
    expect(seen!.aborted).toBe(true);
    expect(seen!.reason).toBeInstanceOf(TimeoutError);
  });

  it('really cancels work that listens to the signal (like fetch)', async () => {
    const t = new TimeoutPolicy({ timeoutMs: 50 });
    const cancelled = jest.fn();
    const fakeFetch = (signal: AbortSignal) =>
      new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => resolve('late'), 10_000);
        signal.addEventListener('abort', () => {
          clearTimeout(timer);
          cancelled();
          reject(signal.reason);
        });
      });
    const p = t.execute(({ signal }) => fakeFetch(signal)).catch((e: unknown) => e);
    await jest.advanceTimersByTimeAsync(50);
    expect(isTimeoutError(await p)).toBe(true);
    expect(cancelled).toHaveBeenCalledTimes(1);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('hands out an already aborted signal when it is first read after the deadline', async () => {
    const t = new TimeoutPolicy({ timeoutMs: 10 });
    let late: AbortSignal | undefined;
    const p = t.execute(async (ctx) => {
      await new Promise((r) => setTimeout(r, 20));
      late = ctx.signal;
      return 1;
    });
    const r = p.catch((e: unknown) => e);
    await jest.advanceTimersByTimeAsync(20);
    expect(isTimeoutError(await r)).toBe(true);
    expect(late!.aborted).toBe(true);
  });

  it('honours an outer signal: aborting it cancels the call and the inner signal', async () => {
    const t = new TimeoutPolicy({ timeoutMs: 10_000 });
    const outer = new AbortController();
    let inner: AbortSignal | undefined;
    const p = t
      .execute(({ signal }) => {
        inner = signal;
        return new Promise(() => undefined);
      }, outer.signal)
      .catch((e: unknown) => e);
    outer.abort(new Error('client went away'));
    expect(isTaskCancelledError(await p)).toBe(true);
    expect(inner!.aborted).toBe(true);
  });

  it('resolves with the value when the call finishes in time and leaves no timer per call behind', async () => {
    const t = new TimeoutPolicy({ timeoutMs: 1000 });
    for (let i = 0; i < 100; i++) await expect(t.execute(async () => i)).resolves.toBe(i);
    expect(jest.getTimerCount()).toBeLessThanOrEqual(1);
    await jest.advanceTimersByTimeAsync(1000);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('times out each of many concurrent calls at its own deadline', async () => {
    const t = new TimeoutPolicy({ timeoutMs: 100 });
    const a = track(t.execute(() => new Promise(() => undefined)));
    await jest.advanceTimersByTimeAsync(40);
    const b = track(t.execute(() => new Promise(() => undefined)));
    await jest.advanceTimersByTimeAsync(60);
    expect([a.state, b.state]).toEqual(['rejected', 'pending']);
    await jest.advanceTimersByTimeAsync(39);
    expect(b.state).toBe('pending');
    await jest.advanceTimersByTimeAsync(1);
    expect(b.state).toBe('rejected');
  });

  it('applies a changed budget to new calls only', async () => {
    const t = new TimeoutPolicy({ timeoutMs: 1000 });
    const old = track(t.execute(() => new Promise(() => undefined)));
    t.update({ timeoutMs: 100 });
    const fresh = track(t.execute(() => new Promise(() => undefined)));
    await jest.advanceTimersByTimeAsync(100);
    expect([old.state, fresh.state]).toEqual(['pending', 'rejected']);
    await jest.advanceTimersByTimeAsync(900);
    expect(old.state).toBe('rejected');
  });
});
