/** Lanes of a priority bulkhead, most important first. */
export type Priority = 'critical' | 'high' | 'normal' | 'low';

/** What every protected function receives. Honour `signal`: it aborts on timeout or cancellation. */
export interface ExecuteContext {
  readonly signal: AbortSignal;
}

/**
 * Per-call hints that travel through a composed stack unchanged. Policies read the fields they
 * care about (the bulkhead reads `priority`, retry reads `idempotent`) and ignore the rest.
 */
export interface CallOptions {
  /** Bulkhead lane; default `normal`. */
  readonly priority?: Priority;
  /** Marks this call safe to repeat; retry never repeats a call that is not idempotent. */
  readonly idempotent?: boolean;
}

/** The one interface every policy implements. */
export interface Policy {
  /**
   * Run `fn` under this policy. `signal` is the caller's cancellation signal; `fn` receives a
   * signal that also aborts when this policy (or an inner one) gives up on the call.
   */
  execute<T>(fn: (ctx: ExecuteContext) => Promise<T>, signal?: AbortSignal, options?: CallOptions): Promise<T>;
}

/** A signal that never aborts, shared so that calls without a caller signal allocate nothing. */
export const neverAbortedSignal: AbortSignal = new AbortController().signal;

/** Context objects are immutable, so the one for the never-aborted signal is shared too. */
export const neverAbortedContext: ExecuteContext = Object.freeze({ signal: neverAbortedSignal });

/** @internal Reuse the shared context when the caller passed no signal. */
export function contextFor(signal: AbortSignal | undefined): ExecuteContext {
  return signal === undefined || signal === neverAbortedSignal ? neverAbortedContext : { signal };
}

/**
 * @internal Policies of this library also accept a whole context object, so a composed stack
 * hands the context down without reading `ctx.signal`. That matters: the timeout policy creates
 * its AbortSignal only when something reads it, and creating one costs more than the rest of the
 * stack together.
 */
export const kExecute = Symbol('resilience.executeWithContext');

/** @internal */
export interface ContextPolicy extends Policy {
  [kExecute]<T>(
    fn: (ctx: ExecuteContext) => Promise<T>,
    ctx: ExecuteContext,
    options: CallOptions | undefined,
  ): Promise<T>;
}

/** @internal Run `policy` with a context, using the fast internal entry when the policy has one. */
export function executeWithContext<T>(
  policy: Policy,
  fn: (ctx: ExecuteContext) => Promise<T>,
  ctx: ExecuteContext,
  options: CallOptions | undefined,
): Promise<T> {
  const p = policy as Partial<ContextPolicy>;
  return p[kExecute] !== undefined
    ? p[kExecute](fn, ctx, options)
    : policy.execute(fn, ctx === neverAbortedContext ? undefined : ctx.signal, options);
}

/** @internal True when the context carries a signal that may abort. */
export function mayAbort(ctx: ExecuteContext): boolean {
  return ctx !== neverAbortedContext;
}

/** A policy that just runs the function; handy as a placeholder for a disabled layer. */
export const noopPolicy: Policy = {
  execute<T>(fn: (ctx: ExecuteContext) => Promise<T>, signal?: AbortSignal): Promise<T> {
    return fn(contextFor(signal));
  },
};

class WrappedPolicy implements ContextPolicy {
  // Resolved once here rather than per call: the symbol lookup in `executeWithContext` is
  // megamorphic across policy classes and showed up in profiles.
  private readonly outerFast: ContextPolicy | undefined;
  private readonly innerFast: ContextPolicy | undefined;

  constructor(
    private readonly outer: Policy,
    private readonly inner: Policy,
  ) {
    // The fast path is a method of the policy's class, so the lookup is meant to walk the prototype.
    // eslint-disable-next-line no-restricted-syntax
    this.outerFast = kExecute in outer ? (outer as ContextPolicy) : undefined;
    // eslint-disable-next-line no-restricted-syntax
    this.innerFast = kExecute in inner ? (inner as ContextPolicy) : undefined;
  }

  execute<T>(fn: (ctx: ExecuteContext) => Promise<T>, signal?: AbortSignal, options?: CallOptions): Promise<T> {
    return this[kExecute](fn, contextFor(signal), options);
  }

  [kExecute]<T>(
    fn: (ctx: ExecuteContext) => Promise<T>,
    ctx: ExecuteContext,
    options: CallOptions | undefined,
  ): Promise<T> {
    // The outer policy hands its (possibly derived) context to the inner one, so a timeout or
    // cancellation decided outside reaches the function.
    const innerFast = this.innerFast;
    const next =
      innerFast !== undefined
        ? (c: ExecuteContext): Promise<T> => innerFast[kExecute](fn, c, options)
        : (c: ExecuteContext): Promise<T> => executeWithContext(this.inner, fn, c, options);
    return this.outerFast !== undefined
      ? this.outerFast[kExecute](next, ctx, options)
      : executeWithContext(this.outer, next, ctx, options);
  }
}

/**
 * Compose policies; the first is outermost. `wrap(retry, breaker, timeout).execute(fn)` runs
 * `retry(breaker(timeout(fn)))`. The AbortSignal and call options flow through every layer.
 */
export function wrap(...policies: Policy[]): Policy {
  const layers = policies.filter((p) => p !== noopPolicy);
  if (layers.length === 0) return noopPolicy;
  let composed = layers[layers.length - 1];
  for (let i = layers.length - 2; i >= 0; i--) composed = new WrappedPolicy(layers[i], composed);
  return composed;
}
