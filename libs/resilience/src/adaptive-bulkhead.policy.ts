import { AdaptiveLimit, AdaptiveLimitOptions, AdaptiveLimitWindow } from './adaptive-limit';
import { BulkheadOptions, BulkheadPolicy, BulkheadRejectionEvent } from './bulkhead.policy';
import { BulkheadRejectedError, isTimeoutError } from './errors';
import { CallOptions, contextFor, ContextPolicy, ExecuteContext, kExecute, Priority } from './policy';

export interface AdaptiveBulkheadOptions
  extends Omit<BulkheadOptions, 'maxConcurrent'>, Omit<AdaptiveLimitOptions, 'initialLimit'> {
  /** Limit until the first measured window and after an idle spell (the static fallback). */
  initialLimit: number;
  /**
   * Failures that mean the dependency dropped the call (overload), which shrink the limit;
   * default: timeouts. Other failures are neither latency nor drop: they are not sampled.
   */
  isDrop?: (error: unknown) => boolean;
}

/**
 * A bulkhead whose concurrency limit follows the dependency's latency ({@link AdaptiveLimit})
 * instead of a number someone guessed. It is the semaphore bulkhead underneath — same queue,
 * same four priority lanes with their shares taken of the current limit — so when the limit
 * shrinks, the capped lanes (low, normal, high) shrink with it and `critical` keeps every slot
 * the others leave. Latency is measured from the moment a call gets its slot, so time spent
 * waiting in our own queue never reads as a slow dependency.
 */
export class AdaptiveBulkheadPolicy implements ContextPolicy {
  readonly algorithm: AdaptiveLimit;
  private readonly bulkhead: BulkheadPolicy;
  private readonly isDrop: (error: unknown) => boolean;
  private readonly now: () => number;
  readonly dependency: string | undefined;

  /** Fires when a call is refused (full, waited too long, or its lane is at its cap). */
  readonly onReject: (listener: (e: BulkheadRejectionEvent) => void) => { dispose(): void };
  /** Fires when a call had to wait for its slot, with how long it waited. */
  readonly onQueued: BulkheadPolicy['onQueued'];

  constructor(options: AdaptiveBulkheadOptions) {
    this.dependency = options.dependency;
    this.now = options.now ?? (() => performance.now());
    this.isDrop = options.isDrop ?? isTimeoutError;
    this.algorithm = new AdaptiveLimit({ ...options, now: this.now });
    this.bulkhead = new BulkheadPolicy({
      maxConcurrent: this.algorithm.limit,
      maxQueue: options.maxQueue,
      maxWaitMs: options.maxWaitMs,
      laneShares: options.laneShares,
      dependency: options.dependency,
    });
    this.onReject = this.bulkhead.onReject;
    this.onQueued = this.bulkhead.onQueued;
  }

  /** Change queue, lanes or the algorithm's options; the learned limit is kept. */
  update(
    options: Partial<Omit<AdaptiveBulkheadOptions, 'dependency' | 'now' | 'isDrop'>> & { initialLimit?: number },
  ): void {
    const { maxQueue, maxWaitMs, laneShares, ...limit } = options;
    this.algorithm.update(limit);
    const bulkhead: Parameters<BulkheadPolicy['update']>[0] = { maxConcurrent: this.algorithm.limit };
    if (maxQueue !== undefined) bulkhead.maxQueue = maxQueue;
    if ('maxWaitMs' in options) bulkhead.maxWaitMs = maxWaitMs;
    if (laneShares !== undefined) bulkhead.laneShares = laneShares;
    this.bulkhead.update(bulkhead);
  }

  /** The concurrency limit now. */
  get limit(): number {
    return this.bulkhead.max;
  }
  /** Same as {@link limit}: the bulkhead's maximum now. */
  get max(): number {
    return this.bulkhead.max;
  }
  get active(): number {
    return this.bulkhead.active;
  }
  get queued(): number {
    return this.bulkhead.queued;
  }
  get queueCapacity(): number {
    return this.bulkhead.queueCapacity;
  }
  activeIn(priority: Priority): number {
    return this.bulkhead.activeIn(priority);
  }
  queuedIn(priority: Priority): number {
    return this.bulkhead.queuedIn(priority);
  }

  /** Called after every measured window (the bench plots the limit over time with it). */
  onWindow(listener: (w: AdaptiveLimitWindow) => void): void {
    this.algorithm.onWindow(listener);
  }

  /** See {@link BulkheadPolicy.rejectNow}. */
  rejectNow(options?: CallOptions): BulkheadRejectedError | undefined {
    return this.bulkhead.rejectNow(options);
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
    return this.bulkhead[kExecute](
      (c) => {
        // Runs once the slot is held, so `active` counts this call.
        const started = this.now();
        const inflight = this.bulkhead.active;
        let p: Promise<T>;
        try {
          p = fn(c);
        } catch (e) {
          p = Promise.reject(e);
        }
        return p.then(
          (value) => {
            this.record(started, inflight, false);
            return value;
          },
          (error: unknown) => {
            if (this.isDrop(error)) this.record(started, inflight, true);
            throw error;
          },
        );
      },
      ctx,
      options,
    );
  }

  private record(started: number, inflight: number, dropped: boolean): void {
    this.algorithm.sample(this.now() - started, inflight, dropped);
    const limit = this.algorithm.limit;
    if (limit !== this.bulkhead.max) this.bulkhead.update({ maxConcurrent: limit });
  }
}
