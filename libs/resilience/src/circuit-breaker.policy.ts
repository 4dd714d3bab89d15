import { BrokenCircuitError } from './errors';
import { EventEmitter } from './events';
import { contextFor, ContextPolicy, ExecuteContext, kExecute } from './policy';

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

const BUCKETS = 10;
const OUTCOME_FAILURE = 1;
const OUTCOME_SLOW = 2;

/** Sliding window of recent outcomes, count- or time-based, with running totals. */
class OutcomeWindow {
  calls = 0;
  failures = 0;
  slow = 0;
  // count mode: ring of outcome bit sets
  private ring: Uint8Array | undefined;
  private pos = 0;
  private filled = 0;
  // time mode: buckets keyed by epoch index
  private bucketMs = 0;
  private bucketIndex: Float64Array | undefined;
  private bucketCalls: Uint32Array | undefined;
  private bucketFailures: Uint32Array | undefined;
  private bucketSlow: Uint32Array | undefined;

  constructor(mode: 'count' | 'time', size: number) {
    if (mode === 'count') {
      this.ring = new Uint8Array(Math.max(1, size));
    } else {
      this.bucketMs = Math.max(1, Math.ceil(size / BUCKETS));
      this.bucketIndex = new Float64Array(BUCKETS).fill(-1);
      this.bucketCalls = new Uint32Array(BUCKETS);
      this.bucketFailures = new Uint32Array(BUCKETS);
      this.bucketSlow = new Uint32Array(BUCKETS);
    }
  }

  record(outcome: number, now: number): void {
    const ring = this.ring;
    if (ring) {
      if (this.filled === ring.length) this.subtract(ring[this.pos]);
      else this.filled++;
      ring[this.pos] = outcome;
      this.pos = (this.pos + 1) % ring.length;
      this.add(outcome);
      return;
    }
    this.expire(now);
    const idx = Math.floor(now / this.bucketMs);
    const b = idx % BUCKETS;
    this.bucketCalls![b]++;
    if (outcome & OUTCOME_FAILURE) this.bucketFailures![b]++;
    if (outcome & OUTCOME_SLOW) this.bucketSlow![b]++;
    this.add(outcome);
  }

  /** Time mode: drop buckets older than the window from the totals. */
  expire(now: number): void {
    if (!this.bucketIndex) return;
    const idx = Math.floor(now / this.bucketMs);
    for (let b = 0; b < BUCKETS; b++) {
      const bi = this.bucketIndex[b];
      if (bi !== -1 && bi <= idx - BUCKETS) this.clearBucket(b);
    }
    const b = idx % BUCKETS;
    if (this.bucketIndex[b] !== idx) {
      this.clearBucket(b);
      this.bucketIndex[b] = idx;
    }
  }

  private clearBucket(b: number): void {
    this.calls -= this.bucketCalls![b];
    this.failures -= this.bucketFailures![b];
    this.slow -= this.bucketSlow![b];
    this.bucketCalls![b] = this.bucketFailures![b] = this.bucketSlow![b] = 0;
    this.bucketIndex![b] = -1;
  }

  private add(o: number): void {
    this.calls++;
    if (o & OUTCOME_FAILURE) this.failures++;
    if (o & OUTCOME_SLOW) this.slow++;
  }

  private subtract(o: number): void {
    this.calls--;
    if (o & OUTCOME_FAILURE) this.failures--;
    if (o & OUTCOME_SLOW) this.slow--;
  }
}

const CLOSED = 0;
const OPEN = 1;
const HALF_OPEN = 2;
const STATE_NAMES: CircuitState[] = ['closed', 'open', 'half-open'];

/**
 * Circuit breaker with consecutive-failure or sliding-window (count/time) detection, slow-call
 * detection, a half-open state that admits exactly `halfOpenMaxProbes` probes at once, an open
 * duration that can back off exponentially, and manual isolation.
 */
export class CircuitBreakerPolicy implements ContextPolicy {
  private o: Required<Omit<CircuitBreakerOptions, 'dependency' | 'slowCallDurationMs'>> & {
    slowCallDurationMs: number | undefined;
  };
  private st = CLOSED;
  private forced: 'open' | 'closed' | undefined;
  /** Bumped on every transition so results of calls started in an earlier state are ignored. */
  private generation = 0;
  private consecutiveFailures = 0;
  private window: OutcomeWindow | undefined;
  private probesInFlight = 0;
  private probeSuccesses = 0;
  private reopenCount = 0;
  private retryAtMs = 0;
  private closedHandlers: { onSuccess: <T>(value: T) => T; onFailure: (error: unknown) => never } | undefined;
  private readonly stateEmitter = new EventEmitter<CircuitStateChange>();
  readonly dependency: string | undefined;

  /** Fires on every state change (including manual ones). */
  readonly onStateChange = this.stateEmitter.event;

  constructor(options: CircuitBreakerOptions = {}) {
    this.dependency = options.dependency;
    this.o = {
      mode: 'consecutive',
      failureThreshold: 5,
      windowSize: 100,
      windowMs: 60_000,
      failureRateThreshold: 50,
      slowCallDurationMs: undefined,
      slowCallRateThreshold: 100,
      minimumCalls: 10,
      openMs: 60_000,
      backoffMultiplier: 1,
      maxOpenMs: 0,
      halfOpenMaxProbes: 1,
      successThreshold: 3,
      isFailure: () => true,
      isIgnored: () => false,
    };
    this.update(options);
  }

  /**
   * Change settings at runtime. The current state is kept; a change of detection mode or window
   * size starts a fresh window.
   */
  update(options: Partial<Omit<CircuitBreakerOptions, 'dependency'>>): void {
    const prev = this.o;
    const next = { ...prev };
    for (const [k, v] of Object.entries(options))
      if (v !== undefined || k === 'slowCallDurationMs') (next as Record<string, unknown>)[k] = v;
    this.o = next;
    if (
      !this.window ||
      next.mode !== prev.mode ||
      next.windowSize !== prev.windowSize ||
      next.windowMs !== prev.windowMs
    )
      this.resetWindow();
    this.bindClosedHandlers();
  }

  /** Current state (a forced breaker reports the state it was forced into). */
  get state(): CircuitState {
    return STATE_NAMES[this.st];
  }

  /** True when isolated (`forceOpen`) or disabled (`forceClosed`). */
  get forcedState(): 'open' | 'closed' | undefined {
    return this.forced;
  }

  /** Epoch ms of the next probe while open, else undefined. */
  get retryAt(): number | undefined {
    return this.st === OPEN && this.forced !== 'open' ? this.retryAtMs : undefined;
  }

  /** Isolate the dependency: reject every call until `reset()` or `forceClosed()`. */
  forceOpen(): void {
    this.forced = 'open';
    this.transition(OPEN, true);
  }

  /** Disable the breaker: let every call through and record nothing until `reset()`. */
  forceClosed(): void {
    this.forced = 'closed';
    this.transition(CLOSED, true);
  }

  /** Back to a fresh closed breaker, clearing manual overrides, counters and backoff. */
  reset(): void {
    this.forced = undefined;
    this.reopenCount = 0;
    this.transition(CLOSED, true);
  }

  execute<T>(fn: (ctx: ExecuteContext) => Promise<T>, signal?: AbortSignal): Promise<T> {
    return this[kExecute](fn, contextFor(signal));
  }

  /** @internal */
  [kExecute]<T>(fn: (ctx: ExecuteContext) => Promise<T>, ctx: ExecuteContext): Promise<T> {
    const fast = this.closedHandlers;
    if (fast !== undefined && this.st === CLOSED) {
      // Closed-state fast path: no async frame, handlers bound once per generation.
      let p: Promise<T>;
      try {
        p = fn(ctx);
      } catch (e) {
        p = Promise.reject(e);
      }
      return p.then(fast.onSuccess, fast.onFailure);
    }
    return this.executeGated(fn, ctx);
  }

  private async executeGated<T>(fn: (ctx: ExecuteContext) => Promise<T>, ctx: ExecuteContext): Promise<T> {
    let probe = false;
    if (this.st !== CLOSED) {
      if (this.st === OPEN) {
        if (this.forced === 'open') throw new BrokenCircuitError(this.dependency, undefined);
        if (Date.now() < this.retryAtMs) throw new BrokenCircuitError(this.dependency, this.retryAtMs);
        this.transition(HALF_OPEN, false);
      }
      if (this.probesInFlight >= this.o.halfOpenMaxProbes) throw new BrokenCircuitError(this.dependency, Date.now());
      this.probesInFlight++;
      probe = true;
    } else if (this.forced === 'closed') {
      return fn(ctx);
    }
    const generation = this.generation;
    const started = this.o.slowCallDurationMs !== undefined ? Date.now() : 0;
    let result: T;
    try {
      result = await fn(ctx);
    } catch (error) {
      if (probe && generation === this.generation) this.probesInFlight--;
      this.record(generation, probe, started, error, true);
      throw error;
    }
    if (probe && generation === this.generation) this.probesInFlight--;
    this.record(generation, probe, started, undefined, false);
    return result;
  }

  private record(generation: number, probe: boolean, started: number, error: unknown, threw: boolean): void {
    if (generation !== this.generation) return; // started before the last transition
    const o = this.o;
    let failed = false;
    if (threw) {
      if (o.isIgnored(error)) return;
      failed = o.isFailure(error);
    }
    if (probe) {
      if (failed) this.open();
      else if (++this.probeSuccesses >= o.successThreshold) {
        this.reopenCount = 0;
        this.transition(CLOSED, false);
      }
      return;
    }
    if (o.mode === 'consecutive') {
      if (!failed) this.consecutiveFailures = 0;
      else if (++this.consecutiveFailures >= o.failureThreshold) this.open();
      return;
    }
    const now = Date.now();
    let outcome = failed ? OUTCOME_FAILURE : 0;
    if (o.slowCallDurationMs !== undefined && now - started >= o.slowCallDurationMs) outcome |= OUTCOME_SLOW;
    const w = this.window!;
    w.record(outcome, now);
    // A count window smaller than minimumCalls could never be judged: its size is the minimum then.
    if (w.calls < (o.mode === 'count' ? Math.min(o.minimumCalls, o.windowSize) : o.minimumCalls)) return;
    if (
      (w.failures * 100) / w.calls >= o.failureRateThreshold ||
      (o.slowCallDurationMs !== undefined && (w.slow * 100) / w.calls >= o.slowCallRateThreshold)
    ) {
      this.open();
    }
  }

  private open(): void {
    const o = this.o;
    const cap = o.maxOpenMs > 0 ? o.maxOpenMs : o.openMs * 10;
    // A failed probe means the dependency is still down: wait longer before the next one.
    if (this.st === HALF_OPEN) this.reopenCount++;
    const duration = Math.min(cap, o.openMs * Math.pow(o.backoffMultiplier, this.reopenCount));
    this.retryAtMs = Date.now() + duration;
    this.transition(OPEN, false);
  }

  /** Rebuild the closed-state handlers; they exist only when no per-call start time is needed. */
  private bindClosedHandlers(): void {
    if (this.st !== CLOSED || this.forced !== undefined || this.o.slowCallDurationMs !== undefined) {
      this.closedHandlers = undefined;
      return;
    }
    const generation = this.generation;
    this.closedHandlers = {
      onSuccess: <T>(value: T): T => {
        this.record(generation, false, 0, undefined, false);
        return value;
      },
      onFailure: (error: unknown): never => {
        this.record(generation, false, 0, error, true);
        throw error;
      },
    };
  }

  private resetWindow(): void {
    const o = this.o;
    this.window =
      o.mode === 'consecutive'
        ? new OutcomeWindow('count', 1)
        : new OutcomeWindow(o.mode, o.mode === 'count' ? o.windowSize : o.windowMs);
    this.consecutiveFailures = 0;
  }

  private transition(to: number, manual: boolean): void {
    const from = this.st;
    this.st = to;
    this.generation++;
    this.probesInFlight = 0;
    this.probeSuccesses = 0;
    if (to === CLOSED) this.resetWindow();
    this.bindClosedHandlers();
    if (from === to && !manual) return;
    if (this.stateEmitter.hasListeners && from !== to) {
      this.stateEmitter.emit({
        dependency: this.dependency,
        from: STATE_NAMES[from],
        to: STATE_NAMES[to],
        retryAt: to === OPEN && this.forced !== 'open' ? this.retryAtMs : undefined,
        manual,
      });
    }
  }
}
