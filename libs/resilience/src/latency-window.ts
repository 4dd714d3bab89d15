/**
 * Fixed-size ring of the most recent call durations and outcomes, for the summary's percentiles
 * and success rate. Recording is two array writes; sorting happens only when a summary is read.
 */
export class LatencyWindow {
  private readonly durations: Float64Array;
  private readonly ok: Uint8Array;
  private pos = 0;
  private count = 0;
  private okCount = 0;

  constructor(readonly size = 1024) {
    this.durations = new Float64Array(size);
    this.ok = new Uint8Array(size);
  }

  record(durationMs: number, succeeded: boolean): void {
    const i = this.pos;
    if (this.count === this.size) this.okCount -= this.ok[i];
    else this.count++;
    this.durations[i] = durationMs;
    const v = succeeded ? 1 : 0;
    this.ok[i] = v;
    this.okCount += v;
    this.pos = i + 1 === this.size ? 0 : i + 1;
  }

  /** Calls in the window. */
  get calls(): number {
    return this.count;
  }

  /** Share of successful calls in the window (1 when empty). */
  successRate(): number {
    return this.count === 0 ? 1 : this.okCount / this.count;
  }

  /** Nearest-rank percentiles in ms (undefined when empty). */
  percentiles(ps: readonly number[]): Array<number | undefined> {
    if (this.count === 0) return ps.map(() => undefined);
    const sorted = this.durations.slice(0, this.count).sort();
    return ps.map((p) => sorted[Math.min(this.count - 1, Math.max(0, Math.ceil((p / 100) * this.count) - 1))]);
  }
}
