import { duration, settingsView } from './settings-view';

describe('settingsView', () => {
  it('shows a consecutive breaker with the defaults it runs with', () => {
    expect(settingsView({ timeoutMs: 300, circuitBreaker: { failureThreshold: 5, openMs: 5000 } })).toEqual({
      timeoutMs: 300,
      breaker: { kind: 'consecutive', rule: '5 failures in a row', slowCalls: null, openMs: 5000 },
      rateLimit: null,
    });
    // Nothing given: the breaker's own defaults (5 in a row, 60 s open).
    expect(settingsView({ circuitBreaker: {} }).breaker).toEqual({
      kind: 'consecutive',
      rule: '5 failures in a row',
      slowCalls: null,
      openMs: 60_000,
    });
  });

  it('shows a count window and a time window with its slow-call rule', () => {
    expect(
      settingsView({
        circuitBreaker: { mode: 'count', windowSize: 20, minimumCalls: 5, failureRateThreshold: 50, openMs: 2000 },
      }).breaker,
    ).toEqual({ kind: 'count', rule: 'last 20 calls (≥ 5): 50 % failed', slowCalls: null, openMs: 2000 });
    expect(
      settingsView({
        circuitBreaker: {
          mode: 'time',
          windowMs: 10_000,
          minimumCalls: 5,
          failureRateThreshold: 50,
          slowCallDurationMs: 1000,
          slowCallRateThreshold: 80,
          openMs: 2000,
        },
      }).breaker,
    ).toEqual({
      kind: 'time',
      rule: 'last 10 s (≥ 5 calls): 50 % failed',
      slowCalls: '80 % slower than 1 s',
      openMs: 2000,
    });
    // Windowed defaults: 100 calls / 60 s, 10 calls at least, 50 %; slow calls at 100 % when only a duration is set.
    expect(settingsView({ circuitBreaker: { mode: 'time', slowCallDurationMs: 250 } }).breaker).toEqual({
      kind: 'time',
      rule: 'last 60 s (≥ 10 calls): 50 % failed',
      slowCalls: '100 % slower than 250 ms',
      openMs: 60_000,
    });
  });

  it('shows both kinds of rate limit', () => {
    expect(settingsView({ rateLimit: { kind: 'token-bucket', capacity: 50, refillPerSecond: 25 } }).rateLimit).toEqual({
      kind: 'token-bucket',
      limit: 'bursts of 50, 25/s',
    });
    expect(settingsView({ rateLimit: { capacity: 1, refillPerSecond: 0.5 } }).rateLimit).toEqual({
      kind: 'token-bucket',
      limit: 'bursts of 1, 0.5/s',
    });
    expect(settingsView({ rateLimit: { kind: 'sliding-window', limit: 50, windowMs: 1000 } }).rateLimit).toEqual({
      kind: 'sliding-window',
      limit: '50 per 1 s',
    });
  });

  it('shows a layer turned off, or absent, as none', () => {
    expect(
      settingsView({
        circuitBreaker: { enabled: false, failureThreshold: 3 },
        rateLimit: { enabled: false, capacity: 5, refillPerSecond: 1 },
      }),
    ).toEqual({ timeoutMs: null, breaker: null, rateLimit: null });
    expect(settingsView({})).toEqual({ timeoutMs: null, breaker: null, rateLimit: null });
  });
});

describe('duration', () => {
  it.each([
    [0, '0 ms'],
    [250, '250 ms'],
    [1000, '1 s'],
    [1500, '1.5 s'],
    [10_000, '10 s'],
    [60_000, '60 s'],
  ])('%i ms is %s', (ms, text) => expect(duration(ms)).toBe(text));
});
