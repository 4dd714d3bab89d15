/** Error codes of the write-behind store; stable, meant for HTTP mapping and logs. */
export const WriteBehindErrorCode = {
  BacklogFull: 'WRITE_BEHIND_BACKLOG_FULL',
  StoreClosed: 'WRITE_BEHIND_STORE_CLOSED',
} as const;

/** Base class of the store's domain errors. */
export abstract class WriteBehindError extends Error {
  abstract readonly code: string;
}

/**
 * Thrown by `write()` when the number of entries not yet in MySQL has reached `maxBacklog`.
 * Nothing was stored: the caller must retry later (HTTP: `503` with `Retry-After`).
 */
export class BacklogFullError extends WriteBehindError {
  readonly code = WriteBehindErrorCode.BacklogFull;

  constructor(
    readonly store: string,
    readonly backlog: number,
    readonly maxBacklog: number,
    /** Suggested wait before retrying, for a `Retry-After` header. */
    readonly retryAfterSeconds: number,
  ) {
    super(`Write-behind store "${store}" backlog is full (${backlog}/${maxBacklog}); retry in ${retryAfterSeconds}s`);
    this.name = 'BacklogFullError';
  }
}

/** Thrown when a store is used after `close()`. */
export class StoreClosedError extends WriteBehindError {
  readonly code = WriteBehindErrorCode.StoreClosed;

  constructor(readonly store: string) {
    super(`Write-behind store "${store}" is closed`);
    this.name = 'StoreClosedError';
  }
}

/** True when `error` is a {@link BacklogFullError} (also across module copies). */
export function isBacklogFullError(error: unknown): error is BacklogFullError {
  return (
    error instanceof BacklogFullError ||
    (typeof error === 'object' &&
      error !== null &&
      (error as { code?: unknown }).code === WriteBehindErrorCode.BacklogFull)
  );
}

/** True when `error` is a {@link StoreClosedError}. */
export function isStoreClosedError(error: unknown): error is StoreClosedError {
  return (
    error instanceof StoreClosedError ||
    (typeof error === 'object' &&
      error !== null &&
      (error as { code?: unknown }).code === WriteBehindErrorCode.StoreClosed)
  );
}

/** An error as one log line: `CODE: message` when it has a string code. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}
