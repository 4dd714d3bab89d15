import 'reflect-metadata';

import { BulkheadOptions, BulkheadPolicy } from '../bulkhead.policy';
import { CircuitBreakerOptions, CircuitBreakerPolicy } from '../circuit-breaker.policy';
import { FailureKind } from '../errors';
import { DEFAULT_FALLBACK_KINDS, FallbackCause, FallbackPolicy } from '../fallback.policy';
import { CallOptions, ExecuteContext, Policy } from '../policy';
import { RateLimitOptions, RateLimitPolicy } from '../rate-limit.policy';
import { ResilienceRegistry } from '../resilience.registry';
import { ResilientDependency } from '../resilient-dependency';
import { RetryOptions, RetryPolicy } from '../retry.policy';
import { TimeoutOptions, TimeoutPolicy } from '../timeout.policy';
import { getResilienceRegistry } from './registry-holder';

/**
 * How decorated methods receive the AbortSignal: declare it as the LAST parameter with the type
 * `AbortSignal` (e.g. `charge(order: Order, signal?: AbortSignal)`). The decorator finds it from
 * the emitted `design:paramtypes` metadata (or from `signalParam` when metadata is not emitted),
 * links whatever signal the caller passed there as the outer signal, and replaces it with the
 * policy's signal, which aborts on timeout or cancellation. Methods without such a parameter
 * still work; they just cannot be cancelled.
 */
export interface SignalParamOption {
  /** Index of the AbortSignal parameter; default: the last parameter if typed `AbortSignal`. */
  signalParam?: number;
}

type Method = (this: unknown, ...args: unknown[]) => unknown;

function signalIndexOf(target: object, key: string | symbol, explicit: number | undefined): number {
  if (explicit !== undefined) return explicit;
  const types = Reflect.getMetadata('design:paramtypes', target, key) as unknown[] | undefined;
  return types !== undefined && types.length > 0 && types[types.length - 1] === AbortSignal ? types.length - 1 : -1;
}

/** Run the original method with the policy's signal placed in the signal parameter. */
function invoke(
  original: Method,
  self: unknown,
  args: unknown[],
  index: number,
  ctx: ExecuteContext,
): Promise<unknown> {
  if (index >= 0) {
    const a = args.slice();
    while (a.length < index) a.push(undefined);
    a[index] = ctx.signal;
    return Promise.resolve(original.apply(self, a));
  }
  return Promise.resolve(original.apply(self, args));
}

function outerSignal(args: unknown[], index: number): AbortSignal | undefined {
  const s = index >= 0 ? args[index] : undefined;
  return s instanceof AbortSignal ? s : undefined;
}

/**
 * Build a method decorator around a lazily created policy. The policy is created on the first
 * call and shared by every instance of the class (a bulkhead limits the method, not an object).
 */
function policyDecorator(create: () => Policy, options: SignalParamOption & CallOptions): MethodDecorator {
  return (target, key, descriptor: PropertyDescriptor) => {
    const original = descriptor.value as Method;
    const index = signalIndexOf(target, key, options.signalParam);
    let policy: Policy | undefined;
    const callOptions: CallOptions = { priority: options.priority, idempotent: options.idempotent };
    descriptor.value = function (this: unknown, ...args: unknown[]) {
      policy ??= create();
      return policy.execute((ctx) => invoke(original, this, args, index, ctx), outerSignal(args, index), callOptions);
    };
    return descriptor;
  };
}

/**
 * Limit concurrent executions of the method (semaphore bulkhead with priority lanes).
 * `priority` puts every call of this method in one lane.
 */
export function Bulkhead(
  options: BulkheadOptions & SignalParamOption & Pick<CallOptions, 'priority'>,
): MethodDecorator {
  return policyDecorator(() => new BulkheadPolicy(options), options);
}

/** Abort the method's signal and reject with `TimeoutError` after `timeoutMs`. */
export function Timeout(options: number | (TimeoutOptions & SignalParamOption)): MethodDecorator {
  const o = typeof options === 'number' ? { timeoutMs: options } : options;
  return policyDecorator(() => new TimeoutPolicy(o), o);
}

/** Guard the method with a circuit breaker (defaults: open after 5 failures, 60 s, 3 probes to close). */
export function CircuitBreaker(options: CircuitBreakerOptions & SignalParamOption = {}): MethodDecorator {
  return policyDecorator(() => new CircuitBreakerPolicy(options), options);
}

/** Retry the method; it must be idempotent (`idempotent: true`) or `retryNonIdempotent: true`. */
export function Retry(options: RetryOptions & SignalParamOption = {}): MethodDecorator {
  return policyDecorator(() => new RetryPolicy(options), options);
}

/** Rate-limit the method (token bucket or sliding window). */
export function RateLimit(options: RateLimitOptions & SignalParamOption): MethodDecorator {
  return policyDecorator(() => new RateLimitPolicy(options), options);
}

/**
 * A fallback for a method: either a function `(cause, ...args)` or the name of another method
 * of the same class, called with `(cause, ...args)`, `this` bound to the instance.
 */
export type FallbackHandler = string | ((cause: FallbackCause, ...args: unknown[]) => unknown);

function callFallback(handler: FallbackHandler, self: unknown, cause: FallbackCause, args: unknown[]): unknown {
  if (typeof handler === 'function') return handler.call(self, cause, ...args);
  const method = (self as Record<string, unknown>)[handler];
  if (typeof method !== 'function') throw new Error(`Fallback method "${handler}" not found`);
  return (method as Method).call(self, cause, ...args);
}

/**
 * Answer with a fallback when the method fails with one of `on` (default: timeout, rejected,
 * broken-circuit, rate-limited, error). Put it first (outermost) among the policy decorators.
 */
export function Fallback(
  handler: FallbackHandler,
  on: readonly FailureKind[] = DEFAULT_FALLBACK_KINDS,
): MethodDecorator {
  return (_target, _key, descriptor: PropertyDescriptor) => {
    const original = descriptor.value as Method;
    descriptor.value = function (this: unknown, ...args: unknown[]) {
      const policy = new FallbackPolicy<unknown>({ fallback: (cause) => callFallback(handler, this, cause, args), on });
      return policy.execute(() => Promise.resolve(original.apply(this, args)));
    };
    return descriptor;
  };
}

export interface ResilientOptions extends SignalParamOption, CallOptions {
  /** Fallback function or method name, called with `(cause, ...args)`; the call's outcome is recorded as `fallback`. */
  fallback?: FallbackHandler;
  fallbackOn?: readonly FailureKind[];
}

/**
 * Apply the whole configured stack of dependency `name` (fallback → retry → circuit breaker →
 * rate limit → timeout → bulkhead) to the method. The registry is looked up on the first call:
 * the one created by `ResilienceModule.forRoot`, or one set with `setResilienceRegistry`.
 */
export function Resilient(name: string, options: ResilientOptions = {}): MethodDecorator {
  return (target, key, descriptor: PropertyDescriptor) => {
    const original = descriptor.value as Method;
    const index = signalIndexOf(target, key, options.signalParam);
    let dependency: ResilientDependency | undefined;
    let resolvedFrom: ResilienceRegistry | undefined;
    descriptor.value = function (this: unknown, ...args: unknown[]) {
      const registry = getResilienceRegistry();
      if (registry !== resolvedFrom || dependency === undefined) {
        // Re-resolved when the registry changes (a new Nest app, a test), otherwise cached.
        if (!registry)
          return Promise.reject(
            new Error(
              `@Resilient('${name}'): no ResilienceRegistry (import ResilienceModule.forRoot or call setResilienceRegistry)`,
            ),
          );
        dependency = registry.get(name);
        resolvedFrom = registry;
      }
      const fallback = options.fallback;
      return dependency.execute((ctx) => invoke(original, this, args, index, ctx), {
        signal: outerSignal(args, index),
        priority: options.priority,
        idempotent: options.idempotent,
        fallback: fallback === undefined ? undefined : (cause) => callFallback(fallback, this, cause, args),
        fallbackOn: options.fallbackOn,
      });
    };
    return descriptor;
  };
}
