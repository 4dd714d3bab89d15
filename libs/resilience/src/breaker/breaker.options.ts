// The breaker's public vocabulary: its states, its detection modes and its options.

/** Breaker states. `open` also covers a manually isolated breaker (see `forceOpen`). */
export type CircuitState = 'closed' | 'open' | 'half-open';

/** Numeric encoding used by the `resilience_circuit_state` gauge. */
export const CIRCUIT_STATE_VALUE: Record<CircuitState, number> = { closed: 0, open: 1, 'half-open': 2 };

/**
 * How the closed breaker decides to open:
 * - `consecutive`: after `failureThreshold` failures in a row;
 * - `count`: over the last `windowSize` calls;
 * - `time`: over the calls of the last `windowMs`.
 * Windowed modes open when, with at least `minimumCalls` recorded, the failure rate reaches
 * `failureRateThreshold` % or the slow-call rate reaches `slowCallRateThreshold` %.
 */
export type CircuitBreakerMode = 'consecutive' | 'count' | 'time';

export interface CircuitBreakerOptions {
  /** Name carried by {@link BrokenCircuitError} and events. */
  dependency?: string;
  mode?: CircuitBreakerMode;
  /** `consecutive` mode: failures in a row that open the circuit; default 5. */
  failureThreshold?: number;
  /** `count` mode: calls in the window; default 100. */
  windowSize?: number;
  /** `time` mode: window length; default 60 000 ms (kept in 10 buckets). */
  windowMs?: number;
  /** Windowed modes: failure rate in percent that opens the circuit; default 50. */
  failureRateThreshold?: number;
  /** A call slower than this counts as slow (windowed modes); unset disables slow-call tracking. */
  slowCallDurationMs?: number;
  /** Windowed modes: slow-call rate in percent that opens the circuit; default 100. */
  slowCallRateThreshold?: number;
  /** Windowed modes: calls needed in the window before rates are judged; default 10. */
  minimumCalls?: number;
  /** How long the circuit stays open before probing; default 60 000 ms. */
  openMs?: number;
  /**
   * Grow the open duration each time a probe fails: `openMs * backoffMultiplier^n`, capped at
   * `maxOpenMs`. Default multiplier 1 (fixed duration).
   */
  backoffMultiplier?: number;
  /** Cap of the growing open duration; default 10 × openMs. */
  maxOpenMs?: number;
  /** Probes admitted at once in half-open; more arrivals are rejected. Default 1. */
  halfOpenMaxProbes?: number;
  /** Successful probes needed to close again; default 3. */
  successThreshold?: number;
  /** Which errors count as failures; default all. Errors that do not count are recorded as successes. */
  isFailure?: (error: unknown) => boolean;
  /** Errors that count neither way (e.g. a 4xx validation error); default none. */
  isIgnored?: (error: unknown) => boolean;
}

/**
 * What a breaker uses for the options it is not given (the documented defaults above). Exported
 * so that a view of a dependency's settings (a dashboard) can show the rule really in force.
 */
export const CIRCUIT_BREAKER_DEFAULTS: Readonly<
  Required<Omit<CircuitBreakerOptions, 'dependency' | 'slowCallDurationMs' | 'isFailure' | 'isIgnored'>>
> = Object.freeze({
  mode: 'consecutive',
  failureThreshold: 5,
  windowSize: 100,
  windowMs: 60_000,
  failureRateThreshold: 50,
  slowCallRateThreshold: 100,
  minimumCalls: 10,
  openMs: 60_000,
  backoffMultiplier: 1,
  maxOpenMs: 0,
  halfOpenMaxProbes: 1,
  successThreshold: 3,
});

/** Emitted on every state change. */
export interface CircuitStateChange {
  readonly dependency: string | undefined;
  readonly from: CircuitState;
  readonly to: CircuitState;
  /** Set when the new state is `open`: epoch ms of the next probe (absent when isolated). */
  readonly retryAt?: number;
  /** True for `forceOpen` / `forceClosed` / `reset`. */
  readonly manual: boolean;
}
