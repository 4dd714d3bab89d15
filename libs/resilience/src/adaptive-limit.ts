/** Options of {@link AdaptiveLimit}; every default is in the field's comment. */
export interface AdaptiveLimitOptions {
  /** Limit before the first measured window, and after an idle spell: the static fallback. */
  initialLimit: number;
  /** Floor of the limit (default 1). */
  minLimit?: number;
  /** Ceiling of the limit (default 1000). */
  maxLimit?: number;
  /** Share (0..1] of each window's estimate taken into the limit (default 0.2). */
  smoothing?: number;
  /** How much slower than the long-term latency a window may be before the limit shrinks (default 1.5). */
  tolerance?: number;
  /** Shortest measuring window (default 100 ms). */
  windowMs?: number;
  /** Fewest calls in a window before it counts (default 10). */
  minSamples?: number;
  /** Windows the long-term latency averages over (default 20). */
  longWindows?: number;
  /** Factor the limit is cut by after a window with a drop (a timeout or a refusal); default 0.9. */
  backoffRatio?: number;
  /** Without a call for this long, the estimate is stale: back to `initialLimit` (default 30 s). */
  staleAfterMs?: number;
  /** Clock in ms; default `performance.now` (jest fake timers move it). */
  now?: () => number;
}

/** The algorithm's state after a window, for tests and the bench's limit-over-time plot. */
export interface AdaptiveLimitWindow {
  readonly at: number;
  readonly limit: number;
  readonly shortRttMs: number | undefined;
  readonly longRttMs: number | undefined;
  readonly drops: number;
  readonly slowStart: boolean;
}

const DEFAULTS = {
  minLimit: 1,
  maxLimit: 1000,
  smoothing: 0.2,
  tolerance: 1.5,
  windowMs: 100,
  minSamples: 10,
  longWindows: 20,
  backoffRatio: 0.9,
  staleAfterMs: 30_000,
};

/**
 * A delay-based concurrency limit in the manner of Netflix's Gradient2: each window compares
 * the mean latency of its calls (short) with a long-term average (long); when the short one is
 * more than `tolerance` times the long one, the dependency is queueing and the limit shrinks by
 * their ratio (at most by half), smoothed. It differs where Gradient2 is known to go wrong:
 *
 * - A growth must pay. Gradient2 adds its queue term every window, so under a modest overload
 *   (latency up, but by less than `tolerance`) the limit keeps growing, the long average follows
 *   the latency up, and the limit never stops. Here the window after a growth that filled the
 *   new limit checks the throughput it bought (calls in flight over latency, Little's law):
 *   unless it rose by at least half the limit's share, the dependency is past its knee, so the
 *   growth is undone and growth is held for `longWindows / 2` windows.
 * - Growth (√limit a window, smoothed) needs calls that use the limit (at least half of it in
 *   flight), so an idle dependency cannot earn a limit its traffic never tested.
 * - Slow start: the limit doubles each used window at start and again each time the latency is
 *   back within tolerance after a shrink (the dependency recovered, or settled at a new speed
 *   the long average has learnt), instead of crawling back by √limit; a growth that did not pay
 *   ends it.
 * - Drops count: a window with a timeout or a refusal cuts the limit by `backoffRatio` at once
 *   (a timed-out call has no meaningful latency and would otherwise be ignored).
 * - A shrink must pay too: when the limit fell by a quarter and the latency did not (within
 *   10 %), the calls are not queueing at our limit, the dependency got slower. The long average
 *   is reset to the new latency instead of shrinking on to the floor while it slowly learns it,
 *   and a slow start finds the limit for the new speed.
 * - The long average falls fast (half-way per window) and rises slowly (over `longWindows`), so
 *   a dependency that got faster is believed at once and one that got slower after a while.
 * - A static fallback: `initialLimit` holds until the first full window, and again after
 *   `staleAfterMs` without calls, when the old estimate says nothing about today's load.
 */
export class AdaptiveLimit {
  private o: Required<Omit<AdaptiveLimitOptions, 'now'>>;
  private readonly now: () => number;
  private estimate: number;
  private long: number | undefined;
  private slowStart = true;
  /** Where the current shrink began. */
  private shrink: { limit: number; short: number } | undefined;
  /** Set by a shrink; the first window within tolerance after it starts a new slow start. */
  private congested = false;
  private windowStart: number;
  private lastSampleAt: number | undefined;
  private rttSum = 0;
  private rttCount = 0;
  private drops = 0;
  private maxInflight = 0;
  private windows = 0;
  /** Growth is frozen until this window (a growth that did not pay found the knee). */
  private frozenUntil = 0;
  /** The growth being tested: the estimate and throughput before it. */
  private probe: { estimate: number; limit: number; throughput: number; window: number } | undefined;
  private readonly listeners: Array<(w: AdaptiveLimitWindow) => void> = [];

  constructor(options: AdaptiveLimitOptions) {
    this.now = options.now ?? (() => performance.now());
    this.o = { ...DEFAULTS, initialLimit: options.initialLimit };
    this.update(options);
    this.estimate = this.clamp(this.o.initialLimit);
    this.windowStart = this.now();
  }

  /** Change the options; the current estimate is kept (clamped to the new bounds). */
  update(options: Partial<Omit<AdaptiveLimitOptions, 'now'>>): void {
    const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
    const o = { ...this.o, ...defined };
    if (!(o.minLimit >= 1)) throw new RangeError('minLimit must be >= 1');
    if (!(o.maxLimit >= o.minLimit)) throw new RangeError('maxLimit must be >= minLimit');
    if (!(o.smoothing > 0 && o.smoothing <= 1)) throw new RangeError('smoothing must be in (0, 1]');
    if (!(o.tolerance >= 1)) throw new RangeError('tolerance must be >= 1');
    if (!(o.backoffRatio > 0 && o.backoffRatio < 1)) throw new RangeError('backoffRatio must be in (0, 1)');
    if (!(o.initialLimit >= 1)) throw new RangeError('initialLimit must be >= 1');
    this.o = o;
    if (this.estimate !== undefined) this.estimate = this.clamp(this.estimate);
  }

  /** Calls allowed in flight now (a whole number within the bounds). */
  get limit(): number {
    return Math.max(this.o.minLimit, Math.floor(this.estimate));
  }

  /** Long-term latency the windows are compared with; undefined before the first window. */
  get longRttMs(): number | undefined {
    return this.long;
  }

  /** Whether the limit is still doubling (no congestion seen since start or the last reset). */
  get inSlowStart(): boolean {
    return this.slowStart;
  }

  /** Called after every window with the new state. */
  onWindow(listener: (w: AdaptiveLimitWindow) => void): void {
    this.listeners.push(listener);
  }

  /**
   * Record one finished call: its latency, the calls in flight when it started (itself
   * included), and whether it was dropped (timed out or refused by the dependency).
   */
  sample(rttMs: number, inflight: number, dropped: boolean): void {
    const now = this.now();
    if (this.lastSampleAt !== undefined && now - this.lastSampleAt > this.o.staleAfterMs) this.reset(now);
    this.lastSampleAt = now;
    if (dropped) this.drops++;
    else {
      this.rttSum += rttMs;
      this.rttCount++;
    }
    if (inflight > this.maxInflight) this.maxInflight = inflight;
    if (now - this.windowStart >= this.o.windowMs && this.rttCount + this.drops >= this.o.minSamples)
      this.closeWindow(now);
  }

  /** Back to the static fallback: the initial limit, no latency history, slow start again. */
  reset(now = this.now()): void {
    this.estimate = this.clamp(this.o.initialLimit);
    this.long = undefined;
    this.slowStart = true;
    this.congested = false;
    this.probe = undefined;
    this.shrink = undefined;
    this.frozenUntil = 0;
    this.startWindow(now);
  }

  private closeWindow(now: number): void {
    const o = this.o;
    const used = this.maxInflight >= this.estimate / 2;
    const short = this.rttCount > 0 ? this.rttSum / this.rttCount : undefined;
    const drops = this.drops;
    if (drops > 0) {
      // A drop is the loudest congestion signal there is: cut at once, no smoothing.
      this.slowStart = false;
      this.congested = true;
      this.probe = undefined;
      this.estimate = this.clamp(this.estimate * o.backoffRatio);
    } else if (short !== undefined) {
      this.long ??= short;
      const gradient = Math.max(0.5, Math.min(1, (o.tolerance * this.long) / short));
      // Little's law: calls in flight over latency is the throughput the limit buys.
      const throughput = this.maxInflight / short;
      // Only a window that filled the raised limit says whether the growth paid, and only a
      // growth of a quarter or more stands out of the latency's noise.
      // A growth the traffic never filled says nothing; after a while it is no longer on trial.
      if (this.probe && this.windows - this.probe.window > o.longWindows / 2) this.probe = undefined;
      if (this.probeDue() && this.maxInflight >= this.limit) this.judgeGrowth(throughput);
      if (gradient < 1 && this.shrinkBoughtNothing(short)) {
        // The limit fell by a quarter and the latency did not: it is not our queue, the
        // dependency got slower. Take its new speed as the baseline instead of shrinking on.
        this.long = short;
        this.shrink = undefined;
        this.congested = true;
      } else if (gradient < 1) {
        this.shrink ??= { limit: this.estimate, short };
        // Queueing right after a growth: the growth did it. Undo it and hold, as for one that
        // bought nothing, so the recovery below cannot start a new slow start at once.
        if (this.probeDue()) this.failGrowth(this.probe!);
        this.probe = undefined;
        this.slowStart = false;
        this.congested = true;
        this.estimate = this.clamp(this.estimate + (this.estimate * gradient - this.estimate) * o.smoothing);
      } else {
        this.shrink = undefined;
        if (this.congested && this.windows >= this.frozenUntil) {
          // The latency is back within tolerance of its (re-learnt) average: the dependency
          // either recovered or settled at a new speed, so probe upwards fast again.
          this.congested = false;
          this.slowStart = true;
        }
        // A growth awaiting its verdict is not grown on: calls take a while to fill new slots,
        // and doubling again before they have would skip the check.
        if (!used && this.estimate > 2 * this.maxInflight) {
          // Far from used: drift down towards twice the peak in flight, so a limit the traffic
          // has not tested for a long time does not stand in for a measured one.
          this.estimate = this.clamp(this.estimate - (this.estimate - 2 * this.maxInflight) * (o.smoothing / 4));
        } else if (used && this.windows >= this.frozenUntil && !this.probeDue()) {
          const before = this.estimate;
          this.estimate = this.clamp(
            this.slowStart ? this.estimate * 2 : this.estimate + Math.sqrt(this.estimate) * o.smoothing,
          );
          if (!this.probe && this.estimate > before)
            this.probe = { estimate: before, limit: Math.floor(before), throughput, window: this.windows };
        }
      }
      // Falls fast, rises slowly: see the class comment.
      const long = this.long;
      const alpha = short < long ? 0.5 : 1 / o.longWindows;
      this.long = long + (short - long) * alpha;
    }
    this.startWindow(now);
    if (this.listeners.length > 0) {
      const w: AdaptiveLimitWindow = {
        at: now,
        limit: this.limit,
        shortRttMs: short,
        longRttMs: this.long,
        drops,
        slowStart: this.slowStart,
      };
      for (const l of this.listeners) l(w);
    }
  }

  /** Whether the limit has fallen by a quarter since the shrink began while the latency stayed (within 10 %). */
  private shrinkBoughtNothing(short: number): boolean {
    const from = this.shrink;
    if (from === undefined || this.estimate > Math.max(from.limit * 0.75, this.o.minLimit)) return false;
    if (short >= from.short * 0.9) return true;
    this.shrink = undefined; // it bought latency: a queue of ours it was; start measuring afresh
    return false;
  }

  /** Whether the growth under test is large enough to judge: a quarter, or one slot. */
  private probeDue(): boolean {
    const p = this.probe;
    return p !== undefined && this.limit >= Math.max(p.limit + 1, p.limit * 1.25);
  }

  /**
   * A growth that raised the calls in flight must raise the throughput too (by half the share
   * at least). If it did not, the dependency is past its knee and the extra calls only queue
   * there, with a latency that creeps up slowly enough for the long average to follow it: undo
   * the growth and hold for `longWindows` windows. This is what keeps a modest, lasting
   * overload from ratcheting the limit up without end.
   */
  private judgeGrowth(throughput: number): void {
    const probe = this.probe!;
    const expected = this.limit / probe.limit - 1;
    if (throughput < probe.throughput * (1 + expected / 2)) this.failGrowth(probe);
    this.probe = undefined;
  }

  private failGrowth(probe: { estimate: number }): void {
    this.estimate = Math.min(this.estimate, probe.estimate);
    this.frozenUntil = this.windows + Math.ceil(this.o.longWindows / 2);
    this.slowStart = false;
    this.probe = undefined;
  }

  private startWindow(now: number): void {
    this.windows++;
    this.windowStart = now;
    this.rttSum = 0;
    this.rttCount = 0;
    this.drops = 0;
    this.maxInflight = 0;
  }

  private clamp(n: number): number {
    return Math.min(this.o.maxLimit, Math.max(this.o.minLimit, n));
  }
}
