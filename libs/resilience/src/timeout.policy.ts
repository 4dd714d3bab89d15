import { TaskCancelledError, TimeoutError } from './errors';
import { EventEmitter } from './events';
import { ExecuteContext, Policy } from './policy';

export interface TimeoutOptions {
  /** Time budget of one call in milliseconds. */
  timeoutMs: number;
  /** Name used in errors. */
  dependency?: string;
}

/**
 * Gives each call a time budget. The function receives an AbortSignal that aborts (with a
 * {@link TimeoutError} as reason) when the budget runs out or when the caller's signal aborts,
 * so `fetch(url, { signal })` and similar really stop. The returned promise settles at that
 * moment even if the function ignores the signal.
 */
export class TimeoutPolicy implements Policy {
  private timeoutMs: number;
  private readonly timeoutEmitter = new EventEmitter<{ timeoutMs: number }>();
  readonly dependency: string | undefined;

  /** Fires when a call times out. */
  readonly onTimeout = this.timeoutEmitter.event;

  constructor(options: TimeoutOptions) {
    this.dependency = options.dependency;
    this.timeoutMs = options.timeoutMs;
  }

  /** Current budget in ms. */
  get budgetMs(): number {
    return this.timeoutMs;
  }

  /** Change the budget; calls already running keep theirs. */
  update(options: Partial<Pick<TimeoutOptions, 'timeoutMs'>>): void {
    if (options.timeoutMs !== undefined) this.timeoutMs = options.timeoutMs;
  }

  execute<T>(fn: (ctx: ExecuteContext) => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) return Promise.reject(new TaskCancelledError('Cancelled before the call started', signal.reason));
    const timeoutMs = this.timeoutMs;
    const controller = new AbortController();
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const onOuterAbort = (): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        const reason = new TaskCancelledError('Cancelled by the caller', signal!.reason);
        controller.abort(reason);
        reject(reason);
      };
      const timer = setTimeout(() => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onOuterAbort);
        const error = new TimeoutError(timeoutMs, this.dependency);
        controller.abort(error);
        this.timeoutEmitter.emit({ timeoutMs });
        reject(error);
      }, timeoutMs);
      signal?.addEventListener('abort', onOuterAbort, { once: true });
      const done = (ok: boolean, v: unknown): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onOuterAbort);
        if (ok) resolve(v as T);
        else reject(v);
      };
      let p: Promise<T>;
      try {
        p = fn({ signal: controller.signal });
      } catch (e) {
        done(false, e);
        return;
      }
      p.then(
        (v) => done(true, v),
        (e) => done(false, e),
      );
    });
  }
}
