import type { Registry } from 'prom-client';

import { AdaptiveBulkheadPolicy } from './adaptive-bulkhead.policy';
import { CircuitBreakerPolicy, CircuitState } from './circuit-breaker.policy';
import { DependencySettings } from './config/resilience-config';
import { deepMerge } from './config/schema';
import { Bulkhead, reconcileBulkheads } from './dependency-bulkhead';
import {
  defaultRegistryIgnored,
  defaultRegistryShouldHedge,
  defaultRegistryShouldRetry,
  DependencyHooks,
} from './dependency-hooks';
import { FailureKind, failureKindOf, isDeadlineExceededError } from './errors';
import { EventEmitter } from './events';
import { DEFAULT_FALLBACK_KINDS, FallbackCause } from './fallback.policy';
import { HedgePolicy } from './hedge.policy';
import { LatencyWindow } from './latency-window';
import { bindDependencyMetrics, CallOutcome, DependencyMetrics } from './metrics';
import { CallOptions, ExecuteContext, Policy, wrap } from './policy';
import { RateLimitOptions, RateLimitPolicy } from './rate-limit.policy';
import { ResilienceEvent } from './resilience-event';
import { RetryPolicy } from './retry.policy';
import { RetryBudget } from './retry-budget';
import { TimeoutPolicy } from './timeout.policy';
import { WorkerPoolBulkheadPolicy } from './worker-pool-bulkhead.policy';

export type { DependencyHooks } from './dependency-hooks';
export type { ResilienceEvent } from './resilience-event';

/** Options of one call through a dependency's stack. */
export interface ResilientCallOptions<T> extends CallOptions {
  /** Caller's cancellation signal. */
  signal?: AbortSignal;
  /** Substitute answer for the failure kinds in `fallbackOn`. */
  fallback?: (cause: FallbackCause) => T | Promise<T>;
  /** Default: timeout, rejected, broken-circuit, rate-limited, error. */
  fallbackOn?: readonly FailureKind[];
}

/** What `executeDetailed` returns: the value and whether the fallback produced it. */
export type CallResult<T> =
  | { readonly outcome: 'success'; readonly value: T }
  | { readonly outcome: 'fallback'; readonly value: T; readonly cause: FallbackCause };

/** Health of one dependency as shown by `registry.summary()`. */
export interface DependencySummary {
  /** `degraded` while the breaker is not closed (informational: readiness stays up). */
  status: 'up' | 'degraded';
  /** Breaker state, `disabled` when there is none or it was forced closed, `isolated` when forced open. */
  circuit: CircuitState | 'disabled' | 'isolated';
  /** Bulkhead use as `active/max`, or `n/a`. */
  bulkhead: string;
  queued: number;
  /** Share of recent calls (last 1024) that succeeded without fallback. */
  successRate: number;
  recentCalls: number;
  latencyMs: { p50: number | undefined; p95: number | undefined; p99: number | undefined };
  timeoutMs: number | undefined;
}

const OUTCOME_BY_KIND: Record<FailureKind, CallOutcome> = {
  timeout: 'timeout',
  rejected: 'rejected',
  'rate-limited': 'rejected',
  'broken-circuit': 'short_circuited',
  cancelled: 'failure',
  error: 'failure',
};

/**
 * One named dependency: the configured policies composed in the fixed order
 * fallback → retry → circuit breaker → hedge → rate limit → timeout → bulkhead → call,
 * plus its metrics, events and recent-latency window. Build once (the registry does) and reuse.
 */
export class ResilientDependency {
  private current: DependencySettings = {};
  private chain: Policy = wrap();
  private workerChain: Policy = wrap();
  private readonly latency = new LatencyWindow(1024);
  private readonly metrics: DependencyMetrics | undefined;
  private readonly emitter: EventEmitter<ResilienceEvent>;
  /** Live policies (undefined when the layer is off). The bulkhead is fixed or adaptive. */
  bulkhead: Bulkhead | undefined;
  workerPool: WorkerPoolBulkheadPolicy | undefined;
  breaker: CircuitBreakerPolicy | undefined;
  rateLimit: RateLimitPolicy | undefined;
  timeout: TimeoutPolicy | undefined;
  retry: RetryPolicy | undefined;
  /** Shared by every caller of this dependency; kept across setting updates. */
  retryBudget: RetryBudget | undefined;
  hedge: HedgePolicy | undefined;

  constructor(
    readonly name: string,
    settings: DependencySettings,
    private readonly hooks: DependencyHooks = {},
    metricsRegistry: Registry | undefined,
    emitter?: EventEmitter<ResilienceEvent>,
  ) {
    this.emitter = emitter ?? new EventEmitter<ResilienceEvent>();
    this.apply(settings);
    this.metrics = metricsRegistry
      ? bindDependencyMetrics(
          name,
          {
            bulkheadActive: (lane) => (this.bulkhead ?? this.workerPool)?.activeIn(lane) ?? 0,
            bulkheadQueued: (lane) => (this.bulkhead ?? this.workerPool)?.queuedIn(lane) ?? 0,
            bulkheadMax: () => this.bulkhead?.max ?? this.workerPool?.max,
            adaptiveLimit: () => (this.bulkhead instanceof AdaptiveBulkheadPolicy ? this.bulkhead.limit : undefined),
            circuitState: () => this.breaker?.state,
            retryBudgetBalance: () => this.retryBudget?.balance,
          },
          metricsRegistry,
        )
      : undefined;
  }

  /** The settings in force. */
  get settings(): DependencySettings {
    return this.current;
  }

  /**
   * Merge `partial` into the settings and reconfigure. Calls already running keep the policies
   * and limits they started with; calls starting afterwards use the new ones. A breaker keeps
   * its state across updates.
   */
  update(partial: DependencySettings): void {
    this.apply(deepMerge(this.current, partial));
    this.emitter.emit({ type: 'settings-updated', dependency: this.name, settings: this.current });
  }

  /** Run `fn` through the whole stack. */
  async execute<T>(fn: (ctx: ExecuteContext) => Promise<T>, options?: ResilientCallOptions<T>): Promise<T> {
    return (await this.run(this.chain, fn, options)).value;
  }

  /** Like `execute`, but says whether the fallback answered. */
  executeDetailed<T>(
    fn: (ctx: ExecuteContext) => Promise<T>,
    options?: ResilientCallOptions<T>,
  ): Promise<CallResult<T>> {
    return this.run(this.chain, fn, options);
  }

  /**
   * Run an exported function of the configured worker module (bulkhead `kind: worker-pool`)
   * through retry, breaker, rate limit and timeout; the pool is the bulkhead.
   */
  async runInWorker<TOut, TIn = unknown>(
    functionName: string,
    input: TIn,
    options?: ResilientCallOptions<TOut>,
  ): Promise<TOut> {
    const pool = this.workerPool;
    if (!pool) throw new Error(`Dependency "${this.name}" has no worker-pool bulkhead`);
    return (
      await this.run(
        this.workerChain,
        (ctx) => pool.run<TOut, TIn>(functionName, input, ctx.signal, { priority: options?.priority }),
        options,
      )
    ).value;
  }

  private async run<T>(
    chain: Policy,
    fn: (ctx: ExecuteContext) => Promise<T>,
    options: ResilientCallOptions<T> | undefined,
  ): Promise<CallResult<T>> {
    const started = performance.now();
    let value: T;
    try {
      value = await chain.execute(fn, options?.signal, options);
    } catch (error) {
      const kind = failureKindOf(error);
      if (kind === 'broken-circuit' && this.emitter.hasListeners) this.emitShortCircuit();
      // A timeout the caller's deadline set is the caller's doing, not the dependency's: counted
      // apart (it is also a `timeout` outcome), so a slow dependency and impatient callers differ.
      if (kind === 'timeout' && isDeadlineExceededError(error))
        this.metrics?.deadlineExceeded(error.timeoutMs <= 0 ? 'not_started' : 'cut_off');
      const fallback = options?.fallback;
      if (fallback !== undefined && (options!.fallbackOn ?? DEFAULT_FALLBACK_KINDS).includes(kind)) {
        this.finish(started, 'fallback');
        if (this.emitter.hasListeners) this.emitter.emit({ type: 'fallback', dependency: this.name, kind });
        const cause: FallbackCause = { kind, error };
        return { outcome: 'fallback', value: await fallback(cause), cause };
      }
      this.finish(started, OUTCOME_BY_KIND[kind]);
      throw error;
    }
    this.finish(started, 'success');
    return { outcome: 'success', value };
  }

  private finish(started: number, outcome: CallOutcome): void {
    const ms = performance.now() - started;
    this.latency.record(ms, outcome === 'success');
    if (this.metrics !== undefined) this.metrics.record(outcome, ms / 1000);
  }

  /** Figures for `registry.summary()`. */
  summary(): DependencySummary {
    const [p50, p95, p99] = this.latency
      .percentiles([50, 95, 99])
      .map((v) => (v === undefined ? undefined : Math.round(v * 1000) / 1000));
    const b = this.breaker;
    const circuit: DependencySummary['circuit'] =
      !b || b.forcedState === 'closed' ? 'disabled' : b.forcedState === 'open' ? 'isolated' : b.state;
    const max = this.bulkhead?.max ?? this.workerPool?.max;
    const active = this.bulkhead?.active ?? this.workerPool?.active ?? 0;
    return {
      status: circuit === 'closed' || circuit === 'disabled' ? 'up' : 'degraded',
      circuit,
      bulkhead: max === undefined ? 'n/a' : `${active}/${max}`,
      queued: this.bulkhead?.queued ?? this.workerPool?.queued ?? 0,
      successRate: Math.round(this.latency.successRate() * 10_000) / 10_000,
      recentCalls: this.latency.calls,
      latencyMs: { p50, p95, p99 },
      timeoutMs: this.timeout?.budgetMs,
    };
  }

  /** Stop the worker pool, if any. */
  async close(): Promise<void> {
    await this.workerPool?.close();
  }

  private apply(s: DependencySettings): void {
    const name = this.name;
    const on = <X extends { enabled?: boolean }>(x: X | undefined): x is X => x !== undefined && x.enabled !== false;

    // Bulkhead
    ({ bulkhead: this.bulkhead, workerPool: this.workerPool } = reconcileBulkheads(
      { bulkhead: this.bulkhead, workerPool: this.workerPool },
      s.bulkhead,
      name,
      this.hooks.isDrop,
      (b) => this.listenBulkhead(b),
    ));

    // Timeout
    if (s.timeoutMs !== undefined) {
      if (this.timeout) this.timeout.update({ timeoutMs: s.timeoutMs });
      else this.timeout = this.listenTimeout(new TimeoutPolicy({ timeoutMs: s.timeoutMs, dependency: name }));
    } else this.timeout = undefined;

    // Circuit breaker
    const cb = s.circuitBreaker;
    if (on(cb)) {
      const { enabled: _e, ...opts } = cb;
      if (this.breaker) this.breaker.update(opts);
      else
        this.breaker = this.listenBreaker(
          new CircuitBreakerPolicy({
            ...opts,
            dependency: name,
            isFailure: this.hooks.isFailure,
            isIgnored: this.hooks.isIgnored ?? defaultRegistryIgnored,
          }),
        );
    } else this.breaker = undefined;

    // Rate limit
    const rl = s.rateLimit;
    if (on(rl)) {
      const opts: RateLimitOptions =
        (rl.kind ?? 'token-bucket') === 'token-bucket'
          ? { kind: 'token-bucket', capacity: rl.capacity!, refillPerSecond: rl.refillPerSecond!, dependency: name }
          : { kind: 'sliding-window', limit: rl.limit!, windowMs: rl.windowMs!, dependency: name };
      const prev = this.current.rateLimit;
      if (!this.rateLimit) this.rateLimit = new RateLimitPolicy(opts);
      else if (JSON.stringify(prev) !== JSON.stringify(rl)) this.rateLimit.update(opts);
    } else this.rateLimit = undefined;

    // Retry, and its budget: updating the budget keeps its counts, so a live change during an
    // outage does not hand out a fresh allowance.
    const r = s.retry;
    const rb = on(r) ? r.budget : undefined;
    if (on(rb)) {
      const { enabled: _e, ...budgetOpts } = rb;
      if (this.retryBudget) this.retryBudget.update(budgetOpts);
      else this.retryBudget = new RetryBudget(budgetOpts);
    } else this.retryBudget = undefined;
    if (on(r)) {
      const { enabled: _e, budget: _b, ...settings } = r;
      const opts = { ...settings, budget: this.retryBudget };
      if (this.retry) this.retry.update(opts);
      else
        this.retry = this.listenRetry(
          new RetryPolicy({
            ...opts,
            shouldRetry: this.hooks.shouldRetry ?? defaultRegistryShouldRetry,
            random: this.hooks.random,
          }),
        );
    } else this.retry = undefined;

    // Hedge
    const h = s.hedge;
    if (on(h)) {
      const { enabled: _e, ...opts } = h;
      if (this.hedge) this.hedge.update(opts);
      else
        this.hedge = this.listenHedge(
          new HedgePolicy({
            ...opts,
            dependency: name,
            shouldHedge: this.hooks.shouldHedge ?? defaultRegistryShouldHedge,
          }),
        );
    } else this.hedge = undefined;

    this.current = s;
    const present = <P>(...ps: Array<P | undefined>): P[] => ps.filter((p): p is P => p !== undefined);
    // Hedging sits inside retry and the breaker and around each attempt's own rate-limit permit,
    // timeout and bulkhead slot (see the README); worker-pool work is CPU, never hedged.
    this.chain = wrap(
      ...present<Policy>(this.retry, this.breaker, this.hedge, this.rateLimit, this.timeout, this.bulkhead),
    );
    this.workerChain = wrap(...present<Policy>(this.retry, this.breaker, this.rateLimit, this.timeout));
  }

  private listenBulkhead(b: Bulkhead): void {
    b.onReject((e) => {
      this.metrics?.bulkheadRejected(e.reason);
      this.emitter.emit({ type: 'bulkhead-rejected', dependency: this.name, ...e });
    });
    b.onQueued((e) => {
      if (this.emitter.hasListeners) this.emitter.emit({ type: 'bulkhead-queued', dependency: this.name, ...e });
    });
  }

  private listenTimeout(t: TimeoutPolicy): TimeoutPolicy {
    t.onTimeout((e) => this.emitter.emit({ type: 'timeout', dependency: this.name, timeoutMs: e.timeoutMs }));
    return t;
  }

  /** The breaker refused the call without trying it. */
  private emitShortCircuit(): void {
    const state = this.breaker?.forcedState === 'open' ? 'isolated' : (this.breaker?.state ?? 'open');
    this.emitter.emit({ type: 'short-circuit', dependency: this.name, state });
  }

  private listenBreaker(b: CircuitBreakerPolicy): CircuitBreakerPolicy {
    b.onStateChange((e) => {
      this.metrics?.transition(e.from, e.to);
      this.emitter.emit({ type: 'circuit-state', ...e, dependency: this.name });
    });
    return b;
  }

  private listenHedge(h: HedgePolicy): HedgePolicy {
    h.onHedge((e) => {
      this.metrics?.hedge(e.result);
      if (this.emitter.hasListeners) this.emitter.emit({ type: 'hedge', dependency: this.name, ...e });
    });
    return h;
  }

  private listenRetry(r: RetryPolicy): RetryPolicy {
    r.onRetry((e) => {
      this.metrics?.retry();
      if (e.budgeted) this.metrics?.retryBudget('allowed');
      this.emitter.emit({ type: 'retry', dependency: this.name, attempt: e.attempt, delayMs: e.delayMs });
    });
    r.onBudgetRefused((e) => {
      this.metrics?.retryBudget('refused');
      this.emitter.emit({
        type: 'retry-budget-refused',
        dependency: this.name,
        attempt: e.attempt,
        balance: e.balance,
      });
    });
    return r;
  }
}
