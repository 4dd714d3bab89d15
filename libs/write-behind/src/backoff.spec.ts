import { backoffDelayMs } from './backoff';

describe('backoffDelayMs', () => {
  const options = { initialMs: 100, maxMs: 1_000 };

  it('waits nothing before the first attempt', () => {
    expect(backoffDelayMs(0, options)).toBe(0);
  });

  it('doubles from the initial delay', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelayMs(n, options))).toEqual([100, 200, 400, 800]);
  });

  it('never exceeds the maximum, however many failures', () => {
    expect(backoffDelayMs(5, options)).toBe(1_000);
    expect(backoffDelayMs(10_000, options)).toBe(1_000);
  });

  it('rejects a maximum below the initial delay', () => {
    expect(() => backoffDelayMs(1, { initialMs: 1_000, maxMs: 100 })).toThrow(RangeError);
  });
});
