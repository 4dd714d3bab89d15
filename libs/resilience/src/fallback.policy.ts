import { FailureKind, failureKindOf } from './errors';
import { EventEmitter } from './events';
import { contextFor, ContextPolicy, ExecuteContext, kExecute } from './policy';

/** What a fallback function learns about the failure it replaces. */
export interface FallbackCause {
  readonly kind: FailureKind;
  readonly error: unknown;
}

/** Result of {@link FallbackPolicy.executeDetailed}: the value and whether a fallback produced it. */
export type FallbackResult<T, R = T> =
  | { readonly fromFallback: false; readonly value: T }
  | { readonly fromFallback: true; readonly value: R; readonly cause: FallbackCause };

/** Failure kinds handled when `on` is not given: everything except a caller's cancellation. */
export const DEFAULT_FALLBACK_KINDS: readonly FailureKind[] = [
  'timeout',
  'rejected',
  'broken-circuit',
  'rate-limited',
  'error',
];

export interface FallbackOptions<R> {
  /** Produces the substitute answer. */
  fallback: (cause: FallbackCause) => R | Promise<R>;
  /** Failure kinds that trigger the fallback; others are rethrown. */
  on?: readonly FailureKind[];
}

/**
 * Answers with a substitute when the call fails in one of the chosen ways. It is the outermost
 * layer of a stack, so it sees the final outcome after retries. Use `executeDetailed` when the
 * caller must know a fallback answered (e.g. to mark a response as degraded).
 */
export class FallbackPolicy<R = unknown> implements ContextPolicy {
  private readonly kinds: ReadonlySet<FailureKind>;
  private readonly fallbackEmitter = new EventEmitter<FallbackCause>();

  /** Fires whenever the fallback answers. */
  readonly onFallback = this.fallbackEmitter.event;

  constructor(private readonly options: FallbackOptions<R>) {
    this.kinds = new Set(options.on ?? DEFAULT_FALLBACK_KINDS);
  }

  /** True when this policy would answer for `error`. */
  handles(error: unknown): boolean {
    return this.kinds.has(failureKindOf(error));
  }

  /**
   * Run `fn`; on a handled failure return the fallback's value. The type parameter `T` is the
   * call's own type; for a fallback of another type use `executeDetailed`, which returns `T | R`
   * honestly typed. (`execute` requires `R` assignable to `T`, which is the usual case.)
   */
  execute<T>(fn: (ctx: ExecuteContext) => Promise<T>, signal?: AbortSignal): Promise<T> {
    return this[kExecute](fn, contextFor(signal));
  }

  /** @internal */
  [kExecute]<T>(fn: (ctx: ExecuteContext) => Promise<T>, ctx: ExecuteContext): Promise<T> {
    let p: Promise<T>;
    try {
      p = fn(ctx);
    } catch (e) {
      p = Promise.reject(e);
    }
    // Success path: one `then` with a shared handler, no extra async frame.
    return p.then(undefined, (error: unknown) => this.answer(error) as unknown as Promise<T>);
  }

  private async answer(error: unknown): Promise<R> {
    const kind = failureKindOf(error);
    if (!this.kinds.has(kind)) throw error;
    const cause: FallbackCause = { kind, error };
    this.fallbackEmitter.emit(cause);
    return this.options.fallback(cause);
  }

  /** Like `execute`, but tells whether the fallback answered and why. */
  async executeDetailed<T>(
    fn: (ctx: ExecuteContext) => Promise<T>,
    signal?: AbortSignal,
  ): Promise<FallbackResult<T, R>> {
    try {
      return { fromFallback: false, value: await fn(contextFor(signal)) };
    } catch (error) {
      const kind = failureKindOf(error);
      if (!this.kinds.has(kind)) throw error;
      const cause: FallbackCause = { kind, error };
      this.fallbackEmitter.emit(cause);
      return { fromFallback: true, value: await this.options.fallback(cause), cause };
    }
  }
}
