export interface RetryBudgetOptions {
  /**
   * Retries allowed per call over the window: 0.1 lets retries add at most 10 % to the load the
   * callers offer. Default 0.1.
   */
  ratio?: number;
  /**
   * Floor of the allowance, so a dependency with little traffic can still retry: the window
   * always allows `minRetriesPerSecond × windowMs / 1000` retries. Default 1.
   */
  minRetriesPerSecond?: number;
  /** How far back calls and retries count; default 10 000 ms. */
  windowMs?: number;
  /** Clock in epoch ms; default `Date.now` (jest fake timers move it). */
  now?: () => number;
}

/**
 * The window is kept as this many slots, dropped whole as time moves on. Retries stay one slot
 * longer than calls: so a grant never sees a window of retries shorter than `windowMs` nor a
 * window of calls longer than it, and the ratio holds over every span of `windowMs`, not only
 * on average over slots.
 */
const SLOTS = 10;
const RING = SLOTS + 1;

/**
 * Caps retries to a share of recent traffic, for every caller of one dependency together.
 *
 * Every call deposits (`deposit()`), every retry withdraws (`tryWithdraw()`), both counted over a
 * sliding window. A retry is allowed while the retries of the window stay within
 * `max(ratio × calls, minRetriesPerSecond × window)`. Above `minRetriesPerSecond / ratio` calls a
 * second the ratio alone bounds the load retries add, whatever the failure rate; below it the
 * floor lets a quiet dependency still retry. The window is also the cap: a long healthy spell
 * banks at most one window's worth of retries.
 *
 * Why this and not gRPC's throttle (tokens −1 per failure, +ratio per success, retry while above
 * half) bounds the failure *rate* at which retries stop (about ratio / (1 + ratio)): a dependency
 * failing 15 % of its calls gets almost no retries, and a quiet one needs 1 / ratio successes to
 * earn one back.
 * Counting retries against calls bounds what we want bounded, the extra load, and keeps retrying
 * the share it can afford during a partial failure.
 */
export class RetryBudget {
  private ratio = 0.1;
  private floor = 10;
  private minRetriesPerSecond = 1;
  private windowMs = 10_000;
  private slotMs = 1000;
  private readonly now: () => number;
  private readonly calls = new Float64Array(RING);
  private readonly retries = new Float64Array(RING);
  private callSum = 0;
  private retrySum = 0;
  /** Index into the ring of the newest slot, and that slot's number (time / slotMs). */
  private head = 0;
  private slot: number;

  constructor(options: RetryBudgetOptions = {}) {
    this.now = options.now ?? Date.now;
    this.configure(options);
    this.slot = Math.floor(this.now() / this.slotMs);
  }

  /**
   * Change the ratio, floor or window, keeping what was counted: the balance does not jump, so a
   * settings change during an outage neither unleashes a burst of retries nor stops them all.
   */
  update(options: Omit<RetryBudgetOptions, 'now'>): void {
    const oldWindow = this.windowMs;
    this.advance();
    this.configure(options);
    if (this.windowMs !== oldWindow) {
      // The slots no longer line up with the new window; keep the totals in the newest slot,
      // where they age out over the new window.
      this.calls.fill(0);
      this.retries.fill(0);
      this.head = 0;
      this.calls[0] = this.callSum;
      this.retries[0] = this.retrySum;
      this.slot = Math.floor(this.now() / this.slotMs);
    }
  }

  private configure(o: Omit<RetryBudgetOptions, 'now'>): void {
    if (o.ratio !== undefined) this.ratio = o.ratio;
    if (o.minRetriesPerSecond !== undefined) this.minRetriesPerSecond = o.minRetriesPerSecond;
    if (o.windowMs !== undefined) this.windowMs = o.windowMs;
    this.slotMs = this.windowMs / SLOTS;
    this.floor = (this.minRetriesPerSecond * this.windowMs) / 1000;
  }

  /** Count one call (a first attempt, not a retry). */
  deposit(): void {
    this.advance();
    this.calls[this.head]++;
    this.callSum++;
  }

  /** Take one retry from the budget; false (and nothing taken) when it is spent. */
  tryWithdraw(): boolean {
    this.advance();
    if (this.allowance() - this.retrySum < 1) return false;
    this.retries[this.head]++;
    this.retrySum++;
    return true;
  }

  /** Retries the budget would allow right now (fractional; 0 when spent). */
  get balance(): number {
    this.advance();
    return Math.max(0, this.allowance() - this.retrySum);
  }

  /** Calls counted in the current window. */
  get recentCalls(): number {
    this.advance();
    return this.callSum;
  }

  /** Retries taken in the current window. */
  get recentRetries(): number {
    this.advance();
    return this.retrySum;
  }

  private allowance(): number {
    return Math.max(this.ratio * this.callSum, this.floor);
  }

  /** Drop what slid out of the window: calls older than SLOTS slots, retries older than RING. */
  private advance(): void {
    const slot = Math.floor(this.now() / this.slotMs);
    if (slot <= this.slot) return; // same slot, or a clock that stepped back: keep counting here
    const steps = Math.min(RING, slot - this.slot);
    for (let i = 0; i < steps; i++) {
      this.head = (this.head + 1) % RING;
      // The new head is the oldest slot: its calls left the window a step ago, its retries now.
      this.retrySum -= this.retries[this.head];
      this.calls[this.head] = 0;
      this.retries[this.head] = 0;
      const leaving = (this.head + 1) % RING;
      this.callSum -= this.calls[leaving];
    }
    this.slot = slot;
  }
}
