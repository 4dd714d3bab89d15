import { delay } from './delay';

describe('delay', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('resolves true once the time has elapsed', async () => {
    let result: boolean | undefined;
    void delay(1_000).then((value) => (result = value));
    await jest.advanceTimersByTimeAsync(999);
    expect(result).toBeUndefined();
    await jest.advanceTimersByTimeAsync(1);
    expect(result).toBe(true);
  });

  it('resolves false and clears its timer when aborted', async () => {
    const controller = new AbortController();
    const waiting = delay(1_000, controller.signal);
    controller.abort();
    expect(await waiting).toBe(false);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('resolves false at once for an already aborted signal', async () => {
    expect(await delay(1_000, AbortSignal.abort())).toBe(false);
  });

  it('resolves true at once for 0 ms', async () => {
    expect(await delay(0)).toBe(true);
  });
});
