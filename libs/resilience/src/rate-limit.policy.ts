import { RateLimitedError } from './errors';
import { EventEmitter } from './events';
import { contextFor, ContextPolicy, ExecuteContext, kExecute } from './policy';

/**
 * - `token-bucket`: bursts up to `capacity`, refilled continuously at `refillPerSecond`.
 * - `sliding-window`: at most `limit` calls in any `windowMs` span (exact, a ring of start times).
 */
export type RateLimitOptions =
  | { kind: 'token-bucket'; capacity: number; refillPerSecond: number; dependency?: string }
  | { kind: 'sliding-window'; limit: number; windowMs: number; dependency?: string };

/**
 * Limits how often calls start. A refused call fails fast with {@link RateLimitedError}, whose
 * `retryAfterMs` says when capacity returns (a retry policy outside can wait that long).
 */
export class RateLimitPolicy implements ContextPolicy {
  private o: RateLimitOptions;
  private tokens = 0;
  private lastRefill = 0;
  private starts: Float64Array = new Float64Array(1);
  private head = 0;
  private readonly limitedEmitter = new EventEmitter<{ retryAfterMs: number }>();
  readonly dependency: string | undefined;

  /** Fires when a call is refused. */
  readonly onLimited = this.limitedEmitter.event;

  constructor(options: RateLimitOptions) {
    this.dependency = options.dependency;
    this.o = options;
    this.configure(options);
  }

  /** Replace the limits; a token bucket keeps its current fill (capped to the new capacity). */
  update(options: RateLimitOptions): void {
    this.configure(options);
  }

  private configure(o: RateLimitOptions): void {
    const now = Date.now();
    if (o.kind === 'token-bucket') {
      this.tokens =
        this.o.kind === 'token-bucket' && this.o !== o ? Math.min(this.currentTokens(now), o.capacity) : o.capacity;
      this.lastRefill = now;
    } else {
      this.starts = new Float64Array(Math.max(1, o.limit)).fill(-Infinity);
      this.head = 0;
    }
    this.o = o;
  }

  private currentTokens(now: number): number {
    const o = this.o as Extract<RateLimitOptions, { kind: 'token-bucket' }>;
    return Math.min(o.capacity, this.tokens + ((now - this.lastRefill) * o.refillPerSecond) / 1000);
  }

  /** Take a permit now or throw {@link RateLimitedError}. */
  acquire(): void {
    const now = Date.now();
    const o = this.o;
    if (o.kind === 'token-bucket') {
      const tokens = this.currentTokens(now);
      this.lastRefill = now;
      if (tokens >= 1) {
        this.tokens = tokens - 1;
        return;
      }
      this.tokens = tokens;
      this.refuse(Math.ceil(((1 - tokens) * 1000) / o.refillPerSecond));
    } else {
      // `head` holds the oldest of the last `limit` start times.
      const oldest = this.starts[this.head];
      if (now - oldest < o.windowMs) this.refuse(Math.ceil(oldest + o.windowMs - now));
      this.starts[this.head] = now;
      this.head = (this.head + 1) % this.starts.length;
    }
  }

  private refuse(retryAfterMs: number): never {
    this.limitedEmitter.emit({ retryAfterMs });
    throw new RateLimitedError(Math.max(1, retryAfterMs), this.dependency);
  }

  execute<T>(fn: (ctx: ExecuteContext) => Promise<T>, signal?: AbortSignal): Promise<T> {
    return this[kExecute](fn, contextFor(signal));
  }

  /** @internal */
  [kExecute]<T>(fn: (ctx: ExecuteContext) => Promise<T>, ctx: ExecuteContext): Promise<T> {
    try {
      this.acquire();
      return fn(ctx);
    } catch (e) {
      return Promise.reject(e);
    }
  }
}
