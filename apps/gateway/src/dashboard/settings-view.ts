import { CIRCUIT_BREAKER_DEFAULTS, CircuitBreakerMode, DependencySettings } from '@shop/resilience';

/** A dependency's breaker rule as the dashboard shows it, with the defaults the breaker fills in. */
export interface BreakerSettingsView {
  kind: CircuitBreakerMode;
  /** What it judges and when it opens: `5 failures in a row`, `last 10 s (≥ 5 calls): 50 % failed`. */
  rule: string;
  /** When slow calls open it too (windowed kinds): `80 % slower than 1 s`; null when they are not tracked. */
  slowCalls: string | null;
  /** How long it stays open before a probe, ms. */
  openMs: number;
}

/** A dependency's rate limit as the dashboard shows it. */
export interface RateLimitView {
  kind: 'token-bucket' | 'sliding-window';
  /** `bursts of 50, 25/s`, `50 per 1 s`. */
  limit: string;
}

/** The settings the dashboard shows for one dependency, as the app that owns it reports them. */
export interface SettingsView {
  /** The per-attempt budget, ms; null without a timeout layer. */
  timeoutMs: number | null;
  /** Null without a breaker (or with one turned off). */
  breaker: BreakerSettingsView | null;
  /** Null without a rate limit (or with one turned off). */
  rateLimit: RateLimitView | null;
}

/** `250 ms`, `1 s`, `1.5 s`, `10 s`. */
export function duration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}

const on = <T extends { enabled?: boolean }>(section: T | undefined): section is T =>
  section !== undefined && section.enabled !== false;

/** The view of settings in force (`settings` as the owning app answers them). */
export function settingsView(settings: DependencySettings): SettingsView {
  return {
    timeoutMs: settings.timeoutMs ?? null,
    breaker: on(settings.circuitBreaker) ? breakerView(settings.circuitBreaker) : null,
    rateLimit: on(settings.rateLimit) ? rateLimitView(settings.rateLimit) : null,
  };
}

function breakerView(given: NonNullable<DependencySettings['circuitBreaker']>): BreakerSettingsView {
  const b = { ...CIRCUIT_BREAKER_DEFAULTS, ...given };
  const window = b.mode === 'count' ? `last ${b.windowSize} calls` : `last ${duration(b.windowMs)}`;
  const atLeast = b.mode === 'count' ? `≥ ${b.minimumCalls}` : `≥ ${b.minimumCalls} calls`;
  return {
    kind: b.mode,
    rule:
      b.mode === 'consecutive'
        ? `${b.failureThreshold} failures in a row`
        : `${window} (${atLeast}): ${b.failureRateThreshold} % failed`,
    // The breaker tracks slow calls in its windowed modes only, and only with a duration to judge by.
    slowCalls:
      b.mode !== 'consecutive' && b.slowCallDurationMs !== undefined
        ? `${b.slowCallRateThreshold} % slower than ${duration(b.slowCallDurationMs)}`
        : null,
    openMs: b.openMs,
  };
}

function rateLimitView(r: NonNullable<DependencySettings['rateLimit']>): RateLimitView {
  // The registry refuses a token bucket without capacity and rate, a window without limit and length.
  return (r.kind ?? 'token-bucket') === 'token-bucket'
    ? { kind: 'token-bucket', limit: `bursts of ${r.capacity}, ${r.refillPerSecond}/s` }
    : { kind: 'sliding-window', limit: `${r.limit} per ${duration(r.windowMs ?? 0)}` };
}
