/** Why a bulkhead refused a call. */
export type BulkheadRejectionReason = 'full' | 'queue-timeout' | 'lane-cap';

/** Thrown when a bulkhead (semaphore or worker pool) will not run a call. */
export class BulkheadRejectedError extends Error {
  override readonly name = 'BulkheadRejectedError';
  readonly isBulkheadRejectedError = true;
  constructor(
    readonly reason: BulkheadRejectionReason,
    /** Calls running when the call was refused. */
    readonly active: number,
    /** Calls waiting when the call was refused. */
    readonly queued: number,
    /** Configured concurrency limit. */
    readonly max: number,
    readonly dependency?: string,
  ) {
    super(
      `Bulkhead${dependency ? ` "${dependency}"` : ''} rejected the call (${reason}; active ${active}/${max}, queued ${queued})`,
    );
  }
}

/** Thrown when the circuit is open (or isolated) and the call was not attempted. */
export class BrokenCircuitError extends Error {
  override readonly name = 'BrokenCircuitError';
  readonly isBrokenCircuitError = true;
  constructor(
    readonly dependency: string | undefined,
    /** Epoch ms of the next probe; `undefined` when the circuit was forced open. */
    readonly retryAt: number | undefined,
  ) {
    super(
      `Circuit${dependency ? ` "${dependency}"` : ''} is open` +
        (retryAt === undefined ? ' (isolated)' : `; next probe at ${new Date(retryAt).toISOString()}`),
    );
  }
}

/** Thrown when a call exceeds its time budget. The call's AbortSignal is aborted with this error. */
export class TimeoutError extends Error {
  override readonly name: string = 'TimeoutError';
  readonly isTimeoutError = true;
  constructor(
    readonly timeoutMs: number,
    readonly dependency?: string,
  ) {
    super(`Call${dependency ? ` to "${dependency}"` : ''} timed out after ${timeoutMs} ms`);
  }
}

/**
 * A timeout set by the caller's deadline rather than by the dependency's own budget: the caller
 * has (or is about to have) given up, so the work was cut short or never started.
 */
export class DeadlineExceededError extends TimeoutError {
  override readonly name = 'DeadlineExceededError';
  readonly isDeadlineExceededError = true;
  constructor(remainingMs: number, dependency?: string) {
    super(remainingMs, dependency);
    this.message =
      remainingMs <= 0
        ? `Call${dependency ? ` to "${dependency}"` : ''} not started: the caller's deadline has passed`
        : `Call${dependency ? ` to "${dependency}"` : ''} cut off by the caller's deadline after ${remainingMs} ms`;
  }
}

/** Thrown when a rate limiter has no capacity left. */
export class RateLimitedError extends Error {
  override readonly name = 'RateLimitedError';
  readonly isRateLimitedError = true;
  constructor(
    readonly retryAfterMs: number,
    readonly dependency?: string,
  ) {
    super(`Rate limit${dependency ? ` for "${dependency}"` : ''} exceeded; retry after ${retryAfterMs} ms`);
  }
}

/** Thrown when the caller's AbortSignal aborted before or while the policy was waiting. */
export class TaskCancelledError extends Error {
  override readonly name = 'TaskCancelledError';
  readonly isTaskCancelledError = true;
  constructor(
    message = 'The operation was cancelled',
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}

/** Thrown when a worker thread died (crash, out of memory) while running the call. */
export class WorkerCrashedError extends Error {
  override readonly name = 'WorkerCrashedError';
  readonly isWorkerCrashedError = true;
  constructor(
    message: string,
    readonly code: string | undefined,
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}

/** Thrown when configuration is invalid; `path` names the offending key. */
export class ResilienceConfigError extends Error {
  override readonly name = 'ResilienceConfigError';
  readonly isResilienceConfigError = true;
  constructor(readonly problems: ReadonlyArray<{ path: string; message: string }>) {
    super(problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  }
}

// Guards check a brand property rather than `instanceof`, so they still work when two copies of
// the library are loaded (jest module registries, duplicated node_modules).
const has = (e: unknown, brand: string): boolean =>
  typeof e === 'object' && e !== null && (e as Record<string, unknown>)[brand] === true;

export const isBulkheadRejectedError = (e: unknown): e is BulkheadRejectedError => has(e, 'isBulkheadRejectedError');
export const isBrokenCircuitError = (e: unknown): e is BrokenCircuitError => has(e, 'isBrokenCircuitError');
export const isTimeoutError = (e: unknown): e is TimeoutError => has(e, 'isTimeoutError');
export const isDeadlineExceededError = (e: unknown): e is DeadlineExceededError => has(e, 'isDeadlineExceededError');
export const isRateLimitedError = (e: unknown): e is RateLimitedError => has(e, 'isRateLimitedError');
export const isTaskCancelledError = (e: unknown): e is TaskCancelledError => has(e, 'isTaskCancelledError');
export const isWorkerCrashedError = (e: unknown): e is WorkerCrashedError => has(e, 'isWorkerCrashedError');
export const isResilienceConfigError = (e: unknown): e is ResilienceConfigError => has(e, 'isResilienceConfigError');

/** The failure kinds a fallback (and the metrics) distinguish. */
export type FailureKind = 'timeout' | 'rejected' | 'broken-circuit' | 'rate-limited' | 'cancelled' | 'error';

/** Classify any thrown value into a {@link FailureKind}. */
export function failureKindOf(e: unknown): FailureKind {
  if (isTimeoutError(e)) return 'timeout';
  if (isBulkheadRejectedError(e)) return 'rejected';
  if (isBrokenCircuitError(e)) return 'broken-circuit';
  if (isRateLimitedError(e)) return 'rate-limited';
  if (isTaskCancelledError(e)) return 'cancelled';
  return 'error';
}
