import { isClientError } from './client-error';
import { isBrokenCircuitError, isBulkheadRejectedError, isRateLimitedError, isTaskCancelledError } from './errors';

/** Code-level knobs that YAML cannot hold. */
export interface DependencyHooks {
  /** Breaker: which errors count as failures (default all). */
  isFailure?: (error: unknown) => boolean;
  /** Breaker: errors that count neither way; default 4xx ({@link isClientError}), rate-limit and bulkhead refusals. */
  isIgnored?: (error: unknown) => boolean;
  /** Retry: which errors to retry; default: not 4xx, not an open circuit, not a cancellation. */
  shouldRetry?: (error: unknown, attempt: number) => boolean;
  /** Retry jitter source. */
  random?: () => number;
  /** Hedge: which failed attempts earn an immediate hedge; default: not 4xx, not a cancellation or local refusal. */
  shouldHedge?: (error: unknown) => boolean;
  /** Adaptive bulkhead: which failures mean the dependency dropped the call; default: timeouts. */
  isDrop?: (error: unknown) => boolean;
}

/** Registry breakers ignore bad requests (4xx) and local refusals: neither says the dependency is sick. */
export const defaultRegistryIgnored = (e: unknown): boolean =>
  isClientError(e) || isRateLimitedError(e) || isBulkheadRejectedError(e);

export const defaultRegistryShouldHedge = (e: unknown): boolean =>
  !isClientError(e) &&
  !isBrokenCircuitError(e) &&
  !isTaskCancelledError(e) &&
  !isBulkheadRejectedError(e) &&
  !isRateLimitedError(e);

export const defaultRegistryShouldRetry = (e: unknown): boolean =>
  !isClientError(e) && !isBrokenCircuitError(e) && !isTaskCancelledError(e);
