import { backoffDelay, BackoffOptions } from './backoff';
import { currentDeadline } from './deadline';
import { isBrokenCircuitError, isTaskCancelledError, TaskCancelledError } from './errors';
import { EventEmitter } from './events';
import { CallOptions, contextFor, ContextPolicy, ExecuteContext, kExecute, mayAbort } from './policy';
import { RetryBudget } from './retry-budget';

export interface RetryOptions extends BackoffOptions {
  /** Total attempts including the first; default 3. */
  maxAttempts?: number;
  /**
   * Which errors are worth another attempt. Default: everything except an open circuit and a
   * cancellation (retrying those only burns the budget).
   */
  shouldRetry?: (error: unknown, attempt: number) => boolean;
  /** Overall budget from the first attempt: no attempt starts and no wait extends past it. */
  deadlineMs?: number;
  /** Calls through this policy are safe to repeat (can also be set per call). Default false. */
  idempotent?: boolean;
  /** Retry even calls not marked idempotent. Default false — a payment must not be sent twice. */
  retryNonIdempotent?: boolean;
  /** Random source in [0,1) for jitter; inject a seeded one in tests. */
  random?: () => number;
  /**
   * Caps retries to a share of recent calls. Pass the same budget to every policy that calls one
   * dependency: the budget counts their calls and retries together. Each call deposits; each
   * retry needs a withdrawal, and when there is none the call fails with its last error.
   */
  budget?: RetryBudget;
}

/** Emitted before each wait-and-retry. */
export interface RetryEvent {
  /** The attempt that is about to start (2 = first retry). */
  readonly attempt: number;
  readonly delayMs: number;
  readonly error: unknown;
  /** True when a retry budget paid for this retry. */
  readonly budgeted: boolean;
}

/** Emitted when the retry budget refuses a retry; the call then fails with `error`. */
export interface RetryBudgetRefusedEvent {
  /** The attempt that would have started. */
  readonly attempt: number;
  readonly error: unknown;
  /** What the budget had left (below 1). */
  readonly balance: number;
}

const defaultShouldRetry = (e: unknown): boolean => !isBrokenCircuitError(e) && !isTaskCancelledError(e);

/**
 * Retries failed calls with exponential backoff and jitter, within an attempt count and an
 * optional overall deadline. Only idempotent calls are retried (unless `retryNonIdempotent`).
 * Aborting the caller's signal cancels a pending wait at once.
 */
export class RetryPolicy implements ContextPolicy {
  private o: Required<Omit<RetryOptions, 'deadlineMs' | 'budget'>> & {
    deadlineMs: number | undefined;
    budget: RetryBudget | undefined;
  };
  private readonly retryEmitter = new EventEmitter<RetryEvent>();
  private readonly refusedEmitter = new EventEmitter<RetryBudgetRefusedEvent>();

  /** Fires before each retry. */
  readonly onRetry = this.retryEmitter.event;
  /** Fires when the retry budget refuses a retry. */
  readonly onBudgetRefused = this.refusedEmitter.event;

  constructor(options: RetryOptions = {}) {
    this.o = {
      maxAttempts: 3,
      initialDelayMs: 100,
      maxDelayMs: 10_000,
      multiplier: 2,
      jitter: 'full',
      shouldRetry: defaultShouldRetry,
      deadlineMs: undefined,
      idempotent: false,
      retryNonIdempotent: false,
      random: Math.random,
      budget: undefined,
    };
    this.update(options);
  }

  /**
   * Change settings; calls already retrying keep the settings they started with. Passing
   * `deadlineMs` or `budget` as `undefined` removes it.
   */
  update(options: Partial<RetryOptions>): void {
    const next = { ...this.o };
    for (const [k, v] of Object.entries(options))
      if (v !== undefined || k === 'deadlineMs' || k === 'budget') (next as Record<string, unknown>)[k] = v;
    this.o = next;
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
    const idempotent = options?.idempotent ?? o.idempotent;
    // Every call counts as traffic, retryable or not: the budget is a share of what the
    // dependency is sent.
    if (o.budget !== undefined) o.budget.deposit();
    let first: Promise<T>;
    try {
      first = fn(ctx);
    } catch (e) {
      first = Promise.reject(e);
    }
    if (o.maxAttempts <= 1 || (!idempotent && !o.retryNonIdempotent)) return first;
    // The first attempt runs without an async frame; the retry loop starts only on failure.
    const started = o.deadlineMs === undefined ? 0 : Date.now();
    return first.then(undefined, (error: unknown) => this.retryAfter(error, fn, ctx, o, started));
  }

  private async retryAfter<T>(
    error: unknown,
    fn: (ctx: ExecuteContext) => Promise<T>,
    ctx: ExecuteContext,
    o: RetryPolicy['o'],
    started: number,
  ): Promise<T> {
    // The caller's deadline bounds the retries as the policy's own budget does: a retry that
    // would start after the caller has given up is not made.
    const budgetEnd = o.deadlineMs === undefined ? Infinity : started + o.deadlineMs;
    const deadline = Math.min(budgetEnd, currentDeadline() ?? Infinity);
    const signal = mayAbort(ctx) ? ctx.signal : undefined;
    let previousDelay = 0;
    for (let attempt = 1; ; attempt++) {
      if (attempt >= o.maxAttempts || signal?.aborted || !o.shouldRetry(error, attempt)) throw error;
      const delay = backoffDelay(attempt, previousDelay, o, o.random);
      previousDelay = delay;
      if (Date.now() + delay >= deadline) throw error;
      // Asked last, so no retry that would not run anyway spends a token; asked before the wait,
      // so a refused call fails at once instead of after a backoff that leads nowhere.
      const budget = o.budget;
      if (budget !== undefined && !budget.tryWithdraw()) {
        if (this.refusedEmitter.hasListeners)
          this.refusedEmitter.emit({ attempt: attempt + 1, error, balance: budget.balance });
        throw error;
      }
      if (this.retryEmitter.hasListeners)
        this.retryEmitter.emit({ attempt: attempt + 1, delayMs: delay, error, budgeted: budget !== undefined });
      await sleep(delay, signal);
      try {
        return await fn(ctx);
      } catch (e) {
        error = e;
      }
    }
  }
}

/** Wait `ms`, rejecting with {@link TaskCancelledError} as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(new TaskCancelledError('Cancelled while waiting to retry', signal.reason));
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new TaskCancelledError('Cancelled while waiting to retry', signal!.reason));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
