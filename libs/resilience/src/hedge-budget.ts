/**
 * Caps hedges at a share of calls: every call deposits `ratio` tokens (up to `burst`) and every
 * hedge spends one. Over any stretch of traffic, hedges <= ratio × calls + burst, so a dependency
 * that turns slow as a whole gets at most `ratio` extra load instead of double. Without a ratio
 * the budget never refuses.
 *
 * The same shape as a retry budget; kept separate so this policy stands alone (the two may be
 * unified later).
 */
export class HedgeBudget {
  private tokens: number;

  constructor(
    private ratio: number | undefined,
    private burst: number,
  ) {
    // Starts full: a fresh process may hedge its first slow calls instead of waiting 1/ratio calls.
    this.tokens = burst;
  }

  /** Tokens available now (fractional). */
  get available(): number {
    return this.ratio === undefined ? Infinity : this.tokens;
  }

  /** Change the ratio or burst; the current fill is kept, capped to the new burst. */
  update(ratio: number | undefined, burst: number): void {
    this.ratio = ratio;
    this.burst = burst;
    this.tokens = Math.min(this.tokens, burst);
  }

  /** One call went through the policy. */
  deposit(): void {
    if (this.ratio !== undefined) this.tokens = Math.min(this.burst, this.tokens + this.ratio);
  }

  /** Spend a token for one hedge; false when the budget is used up. */
  tryWithdraw(): boolean {
    if (this.ratio === undefined) return true;
    // The epsilon absorbs float drift: twenty deposits of 0.05 must buy one hedge.
    if (this.tokens < 1 - 1e-9) return false;
    this.tokens -= 1;
    return true;
  }
}
