/** Exponential backoff settings for failed flushes. */
export interface BackoffOptions {
  /** Delay after the first failure, in milliseconds. */
  initialMs: number;
  /** Upper bound for any delay, in milliseconds. */
  maxMs: number;
}

/**
 * Delay before attempt `failures + 1`, doubling from `initialMs` and capped at `maxMs`.
 * `failures` counts failures so far (1 after the first one). Jitter is left to callers
 * because the worker already spreads retries across entries by their failure time.
 */
export function backoffDelayMs(failures: number, { initialMs, maxMs }: BackoffOptions): number {
  if (initialMs < 0 || maxMs < initialMs) {
    throw new RangeError(`Invalid backoff: initialMs=${initialMs}, maxMs=${maxMs}`);
  }
  if (failures <= 0) return 0;
  // 2 ** 1023 is the largest finite power; clamp the exponent long before that.
  const exponent = Math.min(failures - 1, 30);
  return Math.min(maxMs, initialMs * 2 ** exponent);
}
