import type { CircuitBreakerOptions, CircuitState, CircuitStateChange } from './breaker/breaker.options';
import { CIRCUIT_BREAKER_DEFAULTS } from './breaker/breaker.options';
import { CountWindow, OUTCOME_FAILURE, OUTCOME_SLOW, OutcomeWindow, TimeWindow } from './breaker/outcome-window';
import { BrokenCircuitError } from './errors';
import { EventEmitter } from './events';
import { contextFor, ContextPolicy, ExecuteContext, kExecute } from './policy';

export type {
  CircuitBreakerMode,
  CircuitBreakerOptions,
  CircuitState,
  CircuitStateChange,
} from './breaker/breaker.options';
export { CIRCUIT_BREAKER_DEFAULTS, CIRCUIT_STATE_VALUE } from './breaker/breaker.options';

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
      ...CIRCUIT_BREAKER_DEFAULTS,
      slowCallDurationMs: undefined,
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
        ? new CountWindow(1)
        : o.mode === 'count'
          ? new CountWindow(o.windowSize)
          : new TimeWindow(o.windowMs);
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
