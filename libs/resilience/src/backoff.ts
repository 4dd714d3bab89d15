/** Jitter strategies for exponential backoff. */
export type Jitter = 'none' | 'full' | 'decorrelated';

export interface BackoffOptions {
  /** First delay (before jitter); default 100 ms. */
  initialDelayMs?: number;
  /** Upper bound of any delay; default 10 000 ms. */
  maxDelayMs?: number;
  /** Growth factor per attempt; default 2. */
  multiplier?: number;
  /** default `full`. */
  jitter?: Jitter;
}

/**
 * Delay before retry number `attempt` (1 = first retry).
 * - `none`: min(max, initial × multiplier^(attempt-1))
 * - `full`: uniform in [0, that]  (AWS "full jitter")
 * - `decorrelated`: uniform in [initial, previous × 3], capped (AWS "decorrelated jitter")
 * `previousMs` is the delay returned for the previous attempt (decorrelated only).
 */
export function backoffDelay(
  attempt: number,
  previousMs: number,
  o: Required<BackoffOptions>,
  random: () => number,
): number {
  const { initialDelayMs: base, maxDelayMs: cap } = o;
  if (o.jitter === 'decorrelated') {
    const prev = Math.max(base, previousMs);
    const upper = Math.min(cap, prev * 3);
    return Math.min(cap, base + random() * Math.max(0, upper - base));
  }
  const exp = Math.min(cap, base * Math.pow(o.multiplier, attempt - 1));
  return o.jitter === 'full' ? random() * exp : exp;
}
