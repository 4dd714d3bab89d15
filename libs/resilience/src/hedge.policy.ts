import {
  isBrokenCircuitError,
  isBulkheadRejectedError,
  isRateLimitedError,
  isTaskCancelledError,
  TaskCancelledError,
} from './errors';
import { EventEmitter } from './events';
import { HedgeBudget } from './hedge-budget';
import { LatencyWindow } from './latency-window';
import { CallOptions, contextFor, ContextPolicy, ExecuteContext, kExecute, mayAbort } from './policy';

export interface HedgeOptions {
  /** Percentile of recent attempt latency after which a hedge starts; default 95. */
  percentile?: number;
  /** Floor of the hedge delay, so a very fast p95 does not double every call; default 1. */
  minDelayMs?: number;
  /** Delay used until `minSamples` latencies have been seen; default 100. */
  delayMs?: number;
  /** Latencies needed before the percentile replaces `delayMs`; default 20 (at most `windowSize`). */
  minSamples?: number;
  /** Extra attempts allowed in flight besides the first; default 1. 0 turns hedging off. */
  maxHedges?: number;
  /** Hedges as a share of calls (0.05 = one hedge per 20 calls, plus `burst`); default: no cap. */
  maxHedgeRatio?: number;
  /** Hedges the ratio cap lets through back to back; default 10. */
  burst?: number;
  /** Calls through this policy are safe to send twice (can also be set per call). Default false. */
  idempotent?: boolean;
  /**
   * Whether an attempt that failed deserves a hedge at once. Default: everything except a
   * cancellation and the local refusals (open circuit, full bulkhead, rate limit), which a second
   * attempt would meet again.
   */
  shouldHedge?: (error: unknown) => boolean;
  /** Recent attempt latencies kept for the percentile; default 256. Fixed at construction. */
  windowSize?: number;
  /** Name used in events. */
  dependency?: string;
}

/** What happened to a hedge: `started`; `won` (a hedge answered first); `cancelled` (a loser was aborted); `refused` (by the ratio cap). */
export type HedgeResult = 'started' | 'won' | 'cancelled' | 'refused';
export const HEDGE_RESULTS: readonly HedgeResult[] = ['started', 'won', 'cancelled', 'refused'];

/** Emitted for every hedge decision. */
export interface HedgeEvent {
  readonly result: HedgeResult;
  /** The attempt concerned: 1 is the original call, 2 the first hedge. */
  readonly attempt: number;
  /** Hedge delay in force for the call. */
  readonly delayMs: number;
}

type Settings = Required<Omit<HedgeOptions, 'maxHedgeRatio' | 'dependency' | 'windowSize'>> & {
  maxHedgeRatio: number | undefined;
};

const defaultShouldHedge = (e: unknown): boolean =>
  !isTaskCancelledError(e) && !isBrokenCircuitError(e) && !isBulkheadRejectedError(e) && !isRateLimitedError(e);

/** The percentile is re-read every this many samples: sorting the window per call would cost more than the call. */
const REFRESH_EVERY = 16;

/** What a hedged call needs from its policy, built once per policy. */
interface HedgeHost {
  readonly budget: HedgeBudget;
  record(durationMs: number): void;
  emit(result: HedgeResult, attempt: number, delayMs: number): void;
}

/**
 * One attempt of a hedged call, and the context its function receives. Each attempt has its own
 * AbortController, so the losers can be stopped without touching the winner; it is created on
 * first read of `signal`, like the timeout's, so a function that never reads it pays nothing.
 */
class Attempt implements ExecuteContext {
  done = false;
  private controller: AbortController | undefined;
  private aborted = false;
  private reason: unknown;

  constructor(
    readonly number: number,
    readonly startedAt: number,
  ) {}

  get signal(): AbortSignal {
    if (this.controller === undefined) {
      this.controller = new AbortController();
      if (this.aborted) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.controller?.abort(reason);
  }
}

/** One call: its attempts, the hedge timer and the link to the caller's signal. */
class HedgedCall<T> {
  private readonly attempts: Attempt[] = [];
  private inFlight = 0;
  private settled = false;
  /** Once the ratio cap refused, this call makes no further hedges (one refusal counted per call). */
  private refused = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private onCallerAbort: (() => void) | undefined;

  constructor(
    private readonly host: HedgeHost,
    private readonly fn: (ctx: ExecuteContext) => Promise<T>,
    private readonly o: Settings,
    private readonly delayMs: number,
    private readonly callerSignal: AbortSignal | undefined,
    private readonly resolve: (value: T) => void,
    private readonly reject: (error: unknown) => void,
  ) {}

  start(): void {
    const signal = this.callerSignal;
    if (signal !== undefined) {
      this.onCallerAbort = () => this.cancelAll();
      signal.addEventListener('abort', this.onCallerAbort, { once: true });
    }
    this.launch();
  }

  private launch(): void {
    const attempt = new Attempt(this.attempts.length + 1, performance.now());
    this.attempts.push(attempt);
    this.inFlight++;
    let p: Promise<T>;
    try {
      p = this.fn(attempt);
    } catch (e) {
      p = Promise.reject(e);
    }
    p.then(
      (v) => this.succeeded(attempt, v),
      (e: unknown) => this.failed(attempt, e),
    );
    // Each hedge waits the delay from the start of the attempt before it.
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = this.attempts.length <= this.o.maxHedges ? setTimeout(this.onDelay, this.delayMs) : undefined;
  }

  private readonly onDelay = (): void => {
    this.timer = undefined;
    if (!this.settled && !this.refused) this.hedge();
  };

  /** Start one more attempt if the ratio cap allows; false when it refused. */
  private hedge(): boolean {
    const next = this.attempts.length + 1;
    if (!this.host.budget.tryWithdraw()) {
      this.refused = true;
      this.host.emit('refused', next, this.delayMs);
      return false;
    }
    this.host.emit('started', next, this.delayMs);
    this.launch();
    return true;
  }

  private succeeded(attempt: Attempt, value: T): void {
    attempt.done = true;
    this.inFlight--;
    if (this.settled) return;
    this.settle();
    const now = performance.now();
    this.host.record(now - attempt.startedAt);
    if (attempt.number > 1) this.host.emit('won', attempt.number, this.delayMs);
    for (const loser of this.attempts) {
      if (loser.done) continue;
      loser.abort(new TaskCancelledError('Cancelled: another hedged attempt answered first'));
      // A loser would have taken at least this long. Recording that lower bound keeps the share of
      // samples above the delay true, so the percentile does not sink as hedging cuts the tail.
      this.host.record(now - loser.startedAt);
      this.host.emit('cancelled', loser.number, this.delayMs);
    }
    this.resolve(value);
  }

  private failed(attempt: Attempt, error: unknown): void {
    attempt.done = true;
    this.inFlight--;
    if (this.settled) return;
    // A failure before the delay is answered by hedging at once, if the budget allows: waiting
    // out the delay would only add latency to an attempt that is already lost.
    if (!this.refused && this.attempts.length <= this.o.maxHedges && this.o.shouldHedge(error) && this.hedge()) return;
    if (this.inFlight > 0) return; // another attempt may still answer
    this.settle();
    this.reject(error);
  }

  private cancelAll(): void {
    if (this.settled) return;
    this.settle();
    const reason = new TaskCancelledError('Cancelled by the caller', this.callerSignal!.reason);
    for (const a of this.attempts) if (!a.done) a.abort(reason);
    this.reject(reason);
  }

  private settle(): void {
    this.settled = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.onCallerAbort !== undefined) this.callerSignal!.removeEventListener('abort', this.onCallerAbort);
  }
}

/**
 * Hedged requests for idempotent calls: when an attempt has not answered after a delay (a
 * percentile of recent attempt latency, never below `minDelayMs`), a second attempt starts; the
 * first success wins and the others are aborted through their own signals. An optional ratio
 * cap keeps the extra load bounded. Calls not marked idempotent pass straight through.
 */
export class HedgePolicy implements ContextPolicy {
  private o: Settings;
  private readonly window: LatencyWindow;
  private readonly budget: HedgeBudget;
  private delay = 0;
  private sinceRefresh = 0;
  private readonly hedgeEmitter = new EventEmitter<HedgeEvent>();
  private readonly host: HedgeHost;
  readonly dependency: string | undefined;

  /** Fires for every hedge started, won, cancelled or refused. */
  readonly onHedge = this.hedgeEmitter.event;

  constructor(options: HedgeOptions = {}) {
    this.dependency = options.dependency;
    this.window = new LatencyWindow(Math.max(1, options.windowSize ?? 256));
    this.o = {
      percentile: 95,
      minDelayMs: 1,
      delayMs: 100,
      minSamples: 20,
      maxHedges: 1,
      maxHedgeRatio: undefined,
      burst: 10,
      idempotent: false,
      shouldHedge: defaultShouldHedge,
    };
    this.budget = new HedgeBudget(undefined, this.o.burst);
    this.host = {
      budget: this.budget,
      record: (ms) => this.record(ms),
      emit: (result, attempt, delayMs) => {
        if (this.hedgeEmitter.hasListeners) this.hedgeEmitter.emit({ result, attempt, delayMs });
      },
    };
    this.update(options);
  }

  /** Delay after which the next call would start a hedge, in ms. */
  get hedgeDelayMs(): number {
    return this.delay;
  }

  /** Change settings; calls already running keep their delay and limits. The latency window is kept. */
  update(options: Partial<Omit<HedgeOptions, 'windowSize' | 'dependency'>>): void {
    const next = { ...this.o };
    for (const [k, v] of Object.entries(options)) {
      if (k === 'windowSize' || k === 'dependency') continue;
      if (v !== undefined || k === 'maxHedgeRatio') (next as Record<string, unknown>)[k] = v;
    }
    next.minSamples = Math.min(Math.max(1, next.minSamples), this.window.size);
    this.o = next;
    this.budget.update(next.maxHedgeRatio, next.burst);
    this.refresh();
  }

  execute<T>(fn: (ctx: ExecuteContext) => Promise<T>, signal?: AbortSignal, options?: CallOptions): Promise<T> {
    return this[kExecute](fn, contextFor(signal), options);
  }

  /** @internal */
  [kExecute]<T>(
    fn: (ctx: ExecuteContext) => Promise<T>,
    ctx: ExecuteContext,
    options: CallOptions | undefined,
  ): Promise<T> {
    const o = this.o; // snapshot: a concurrent update() does not change a running call
    if (o.maxHedges < 1 || !(options?.idempotent ?? o.idempotent)) {
      try {
        return fn(ctx);
      } catch (e) {
        return Promise.reject(e);
      }
    }
    const signal = mayAbort(ctx) ? ctx.signal : undefined;
    if (signal?.aborted)
      return Promise.reject(new TaskCancelledError('Cancelled before the call started', signal.reason));
    this.budget.deposit();
    const delay = this.delay;
    return new Promise<T>((resolve, reject) => {
      new HedgedCall(this.host, fn, o, delay, signal, resolve, reject).start();
    });
  }

  private record(durationMs: number): void {
    this.window.record(durationMs, true);
    // While warming up the refresh is cheap (no sort); it sorts once when minSamples is reached.
    if (++this.sinceRefresh >= REFRESH_EVERY || this.window.calls <= this.o.minSamples) this.refresh();
  }

  private refresh(): void {
    this.sinceRefresh = 0;
    const o = this.o;
    const observed =
      this.window.calls >= o.minSamples ? this.window.percentiles([o.percentile])[0]! : Math.max(0, o.delayMs);
    this.delay = Math.max(o.minDelayMs, observed);
  }
}
