// The closed breaker's memory of recent outcomes: a count window (a ring of the last N calls)
// or a time window (calls of the last T ms, in buckets), both with running totals.

/** Outcome bits of one call. */
export const OUTCOME_FAILURE = 1;
export const OUTCOME_SLOW = 2;

const BUCKETS = 10;

/** Recent outcomes with running totals. */
export interface OutcomeWindow {
  readonly calls: number;
  readonly failures: number;
  readonly slow: number;
  /** Records one call's outcome bits (see `OUTCOME_*`) at `now` (epoch ms). */
  record(outcome: number, now: number): void;
}

/** Totals kept up to date as outcomes come in and leave. */
abstract class Totals {
  calls = 0;
  failures = 0;
  slow = 0;

  protected add(o: number): void {
    this.calls++;
    if (o & OUTCOME_FAILURE) this.failures++;
    if (o & OUTCOME_SLOW) this.slow++;
  }

  protected subtract(o: number): void {
    this.calls--;
    if (o & OUTCOME_FAILURE) this.failures--;
    if (o & OUTCOME_SLOW) this.slow--;
  }
}

/** The last `size` calls: a ring of outcome bit sets. */
export class CountWindow extends Totals implements OutcomeWindow {
  private readonly ring: Uint8Array;
  private pos = 0;
  private filled = 0;

  constructor(size: number) {
    super();
    this.ring = new Uint8Array(Math.max(1, size));
  }

  record(outcome: number): void {
    const ring = this.ring;
    if (this.filled === ring.length) this.subtract(ring[this.pos]);
    else this.filled++;
    ring[this.pos] = outcome;
    this.pos = (this.pos + 1) % ring.length;
    this.add(outcome);
  }
}

/** The calls of the last `windowMs`, in 10 buckets keyed by epoch index. */
export class TimeWindow extends Totals implements OutcomeWindow {
  private readonly bucketMs: number;
  private readonly bucketIndex = new Float64Array(BUCKETS).fill(-1);
  private readonly bucketCalls = new Uint32Array(BUCKETS);
  private readonly bucketFailures = new Uint32Array(BUCKETS);
  private readonly bucketSlow = new Uint32Array(BUCKETS);

  constructor(windowMs: number) {
    super();
    this.bucketMs = Math.max(1, Math.ceil(windowMs / BUCKETS));
  }

  record(outcome: number, now: number): void {
    this.expire(now);
    const idx = Math.floor(now / this.bucketMs);
    const b = idx % BUCKETS;
    this.bucketCalls[b]++;
    if (outcome & OUTCOME_FAILURE) this.bucketFailures[b]++;
    if (outcome & OUTCOME_SLOW) this.bucketSlow[b]++;
    this.add(outcome);
  }

  /** Drops buckets older than the window from the totals. */
  expire(now: number): void {
    const idx = Math.floor(now / this.bucketMs);
    for (let b = 0; b < BUCKETS; b++) {
      const bi = this.bucketIndex[b];
      if (bi !== -1 && bi <= idx - BUCKETS) this.clearBucket(b);
    }
    const b = idx % BUCKETS;
    if (this.bucketIndex[b] !== idx) {
      this.clearBucket(b);
      this.bucketIndex[b] = idx;
    }
  }

  private clearBucket(b: number): void {
    this.calls -= this.bucketCalls[b];
    this.failures -= this.bucketFailures[b];
    this.slow -= this.bucketSlow[b];
    this.bucketCalls[b] = this.bucketFailures[b] = this.bucketSlow[b] = 0;
    this.bucketIndex[b] = -1;
  }
}
