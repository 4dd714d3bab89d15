/**
 * A task run every `intervalMs`, one pass at a time: a pass that is still running when the next
 * tick comes makes that tick (or a direct `runOnce()`) a no-op that returns `idle`. The timer is
 * unref'd, so it never keeps a process alive; `stop()` clears it. A pass's own errors are its
 * business (catch and log them in it): a rejected pass is swallowed by the tick.
 */
export class PeriodicTask<R> {
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(
    private readonly pass: () => Promise<R>,
    private readonly options: { intervalMs: number; idle: R },
  ) {}

  /** Starts the ticks (idempotent). */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.runOnce().catch(() => undefined), this.options.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One pass now, unless one is already running (then `idle`). */
  async runOnce(): Promise<R> {
    if (this.running) return this.options.idle;
    this.running = true;
    try {
      return await this.pass();
    } finally {
      this.running = false;
    }
  }
}
