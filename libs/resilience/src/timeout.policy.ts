import { currentDeadline } from './deadline';
import { DeadlineExceededError, TaskCancelledError, TimeoutError } from './errors';
import { EventEmitter } from './events';
import { contextFor, ContextPolicy, ExecuteContext, kExecute, mayAbort } from './policy';

export interface TimeoutOptions {
  /** Time budget of one call in milliseconds. */
  timeoutMs: number;
  /** Name used in errors. */
  dependency?: string;
}

/**
 * One timed call. It is also the context handed to the function: its AbortSignal is created on
 * first read (creating an AbortSignal costs ~1.5 µs in Node 20, more than the rest of a stack),
 * so a function that never looks at the signal pays nothing for it; if it reads the signal after
 * the deadline it gets an already-aborted one.
 */
class TimedCall<T> implements ExecuteContext {
  prev: TimedCall<unknown> | undefined;
  next: TimedCall<unknown> | undefined;
  settled = false;
  private controller: AbortController | undefined;
  private abortReason: unknown;
  private aborted = false;
  outerSignal: AbortSignal | undefined;
  onOuterAbort: (() => void) | undefined;

  constructor(
    readonly deadline: number,
    readonly resolve: (v: T) => void,
    readonly reject: (e: unknown) => void,
  ) {}

  get signal(): AbortSignal {
    if (this.controller === undefined) {
      this.controller = new AbortController();
      if (this.aborted) this.controller.abort(this.abortReason);
    }
    return this.controller.signal;
  }

  abort(reason: unknown): void {
    this.aborted = true;
    this.abortReason = reason;
    this.controller?.abort(reason);
  }
}

/**
 * Calls of one timeout value, in start order, so deadlines are ascending: a single timer armed
 * for the head serves them all (no setTimeout/clearTimeout per call).
 */
class DeadlineQueue {
  head: TimedCall<unknown> | undefined;
  tail: TimedCall<unknown> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly timeoutMs: number,
    private readonly expire: (call: TimedCall<unknown>) => void,
  ) {}

  add(call: TimedCall<unknown>): void {
    call.prev = this.tail;
    if (this.tail) this.tail.next = call;
    else this.head = call;
    this.tail = call;
    if (this.timer === undefined) this.arm(call.deadline);
  }

  remove(call: TimedCall<unknown>): void {
    if (call.prev) call.prev.next = call.next;
    else this.head = call.next;
    if (call.next) call.next.prev = call.prev;
    else this.tail = call.prev;
    call.prev = call.next = undefined;
    // The timer is left armed: when it fires it re-arms for the new head (one timer per
    // `timeoutMs` of traffic instead of one per call).
  }

  private arm(at: number): void {
    this.timer = setTimeout(this.fire, Math.max(0, at - Date.now()));
    // The shared timer may outlive the calls it was armed for; it must not hold the process open.
    this.timer.unref?.();
  }

  private readonly fire = (): void => {
    this.timer = undefined;
    const now = Date.now();
    while (this.head && this.head.deadline <= now) {
      const call = this.head;
      this.remove(call);
      this.expire(call);
    }
    if (this.head) this.arm(this.head.deadline);
  };
}

/**
 * Gives each call a time budget. The function receives an AbortSignal that aborts (with a
 * {@link TimeoutError} as reason) when the budget runs out or when the caller's signal aborts,
 * so `fetch(url, { signal })` and similar really stop. The returned promise settles at that
 * moment even if the function ignores the signal. A deadline in force ({@link runWithDeadline})
 * that leaves less than the budget shortens it, and one already past fails the call at once with
 * {@link DeadlineExceededError}, without running it.
 */
export class TimeoutPolicy implements ContextPolicy {
  private queue: DeadlineQueue;
  private readonly timeoutEmitter = new EventEmitter<{ timeoutMs: number }>();
  readonly dependency: string | undefined;

  /** Fires when a call times out. */
  readonly onTimeout = this.timeoutEmitter.event;

  constructor(options: TimeoutOptions) {
    this.dependency = options.dependency;
    this.queue = this.newQueue(options.timeoutMs);
  }

  /** Current budget in ms. */
  get budgetMs(): number {
    return this.queue.timeoutMs;
  }

  /** Change the budget; calls already running keep theirs (they stay in the old queue). */
  update(options: Partial<Pick<TimeoutOptions, 'timeoutMs'>>): void {
    if (options.timeoutMs !== undefined && options.timeoutMs !== this.queue.timeoutMs)
      this.queue = this.newQueue(options.timeoutMs);
  }

  private newQueue(timeoutMs: number, byDeadline = false): DeadlineQueue {
    return new DeadlineQueue(timeoutMs, (call) => {
      if (call.settled) return;
      call.settled = true;
      if (call.onOuterAbort) call.outerSignal!.removeEventListener('abort', call.onOuterAbort);
      const error = byDeadline
        ? new DeadlineExceededError(timeoutMs, this.dependency)
        : new TimeoutError(timeoutMs, this.dependency);
      call.abort(error);
      this.timeoutEmitter.emit({ timeoutMs });
      call.reject(error);
    });
  }

  execute<T>(fn: (ctx: ExecuteContext) => Promise<T>, signal?: AbortSignal): Promise<T> {
    return this[kExecute](fn, contextFor(signal));
  }

  /** @internal */
  [kExecute]<T>(fn: (ctx: ExecuteContext) => Promise<T>, outer: ExecuteContext): Promise<T> {
    const outerSignal = mayAbort(outer) ? outer.signal : undefined;
    if (outerSignal?.aborted)
      return Promise.reject(new TaskCancelledError('Cancelled before the call started', outerSignal.reason));
    let queue = this.queue;
    const deadline = currentDeadline();
    if (deadline !== undefined) {
      // The caller's deadline is earlier than this budget: the call gets only what is left, on a
      // timer of its own (the shared queue needs one budget for all its calls to stay ordered).
      const left = deadline - Date.now();
      if (left <= 0) {
        this.timeoutEmitter.emit({ timeoutMs: 0 });
        return Promise.reject(new DeadlineExceededError(0, this.dependency));
      }
      if (left < queue.timeoutMs) queue = this.newQueue(left, true);
    }
    return new Promise<T>((resolve, reject) => {
      const call = new TimedCall<T>(Date.now() + queue.timeoutMs, resolve, reject);
      const finish = (): boolean => {
        if (call.settled) return false;
        call.settled = true;
        queue.remove(call as TimedCall<unknown>);
        if (call.onOuterAbort) outerSignal!.removeEventListener('abort', call.onOuterAbort);
        return true;
      };
      if (outerSignal) {
        call.outerSignal = outerSignal;
        call.onOuterAbort = () => {
          if (!finish()) return;
          const reason = new TaskCancelledError('Cancelled by the caller', outerSignal.reason);
          call.abort(reason);
          reject(reason);
        };
        outerSignal.addEventListener('abort', call.onOuterAbort, { once: true });
      }
      queue.add(call as TimedCall<unknown>);
      let p: Promise<T>;
      try {
        p = fn(call);
      } catch (e) {
        p = Promise.reject(e);
      }
      p.then(
        (v) => {
          if (finish()) resolve(v);
        },
        (e: unknown) => {
          if (finish()) reject(e);
        },
      );
    });
  }
}
