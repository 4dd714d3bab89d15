import { Piscina } from 'piscina';
import { BulkheadRejectedError, TaskCancelledError, WorkerCrashedError } from './errors';
import { EventEmitter } from './events';

export interface WorkerPoolBulkheadOptions {
  /** Absolute path of the worker module (a `.js` file; its exports are the runnable functions). */
  filename: string;
  /** Worker threads in this pool; default 2. The pool is isolated from every other pool. */
  maxThreads?: number;
  /** Tasks allowed to wait for a thread; beyond it calls are rejected with reason `full`. Default 16. */
  maxQueue?: number;
  /** Per-worker V8 heap cap; a task that exceeds it fails alone and the worker is replaced. */
  maxOldGenerationSizeMb?: number;
  /** Young generation cap per worker (optional). */
  maxYoungGenerationSizeMb?: number;
  /** Idle time before a worker thread is stopped; default 30 s. */
  idleTimeoutMs?: number;
  /** Name used in errors. */
  dependency?: string;
}

/**
 * A bulkhead for CPU-heavy work: runs an exported function of a worker module on a dedicated
 * piscina pool of worker threads, so a hot loop cannot block the event loop and one kind of work
 * cannot starve another. Each worker has a heap cap; a worker that crashes or runs out of memory
 * fails only the task it was running (with {@link WorkerCrashedError}) and piscina starts a
 * replacement.
 */
export class WorkerPoolBulkheadPolicy {
  private readonly pool: Piscina;
  private readonly maxThreads: number;
  private readonly maxQueue: number;
  private inFlight = 0;
  private readonly crashEmitter = new EventEmitter<WorkerCrashedError>();
  readonly dependency: string | undefined;

  /** Fires when a worker dies while running a task. */
  readonly onWorkerCrash = this.crashEmitter.event;

  constructor(options: WorkerPoolBulkheadOptions) {
    this.dependency = options.dependency;
    this.maxThreads = options.maxThreads ?? 2;
    this.maxQueue = options.maxQueue ?? 16;
    this.pool = new Piscina({
      filename: options.filename,
      // Keep one thread alive: with minThreads 0, piscina 5 does not start a replacement when the
      // only worker dies while tasks are queued, and those tasks would wait forever.
      minThreads: 1,
      maxThreads: this.maxThreads,
      idleTimeout: options.idleTimeoutMs ?? 30_000,
      resourceLimits: {
        maxOldGenerationSizeMb: options.maxOldGenerationSizeMb,
        maxYoungGenerationSizeMb: options.maxYoungGenerationSizeMb,
      },
    });
  }

  /** Tasks running on a thread. */
  get active(): number {
    return Math.min(this.inFlight, this.maxThreads);
  }
  /** Tasks waiting for a thread. */
  get queued(): number {
    return Math.max(0, this.inFlight - this.maxThreads);
  }
  /** Threads in the pool. */
  get max(): number {
    return this.maxThreads;
  }

  /**
   * Run `functionName` exported by the worker module with `input` (structured-clone-able).
   * Aborting `signal` removes a queued task or terminates the worker running it.
   */
  async run<TOut, TIn = unknown>(functionName: string, input: TIn, signal?: AbortSignal): Promise<TOut> {
    if (this.inFlight >= this.maxThreads + this.maxQueue) {
      throw new BulkheadRejectedError('full', this.active, this.queued, this.maxThreads, this.dependency);
    }
    if (signal?.aborted) throw new TaskCancelledError('Cancelled before the task started', signal.reason);
    this.inFlight++;
    try {
      return (await this.pool.run(input, { name: functionName, signal: signal ?? null })) as TOut;
    } catch (error) {
      if (signal?.aborted) throw new TaskCancelledError('Worker task cancelled', error);
      const crash = asCrash(error);
      if (crash) {
        this.crashEmitter.emit(crash);
        throw crash;
      }
      throw error;
    } finally {
      this.inFlight--;
    }
  }

  /** Stop every worker. */
  close(): Promise<void> {
    return this.pool.destroy();
  }
}

function asCrash(error: unknown): WorkerCrashedError | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'ERR_WORKER_OUT_OF_MEMORY') return new WorkerCrashedError(`Worker ran out of memory: ${message}`, code, error);
  if ((typeof code === 'string' && code.startsWith('ERR_WORKER')) || /worker (exited|terminated)|terminated/i.test(message)) {
    return new WorkerCrashedError(`Worker died: ${message}`, typeof code === 'string' ? code : undefined, error);
  }
  return undefined;
}
