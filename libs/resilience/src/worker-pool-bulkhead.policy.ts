import type * as PiscinaModule from 'piscina';
import type { Piscina } from 'piscina';

import { BulkheadRejectedError, TaskCancelledError, WorkerCrashedError } from './errors';
import { EventEmitter } from './events';
import { requireOptionalPeer } from './optional-peer';
import type { Priority } from './policy';

const RANK: Record<Priority, number> = { critical: 0, high: 1, normal: 2, low: 3 };

/** A task waiting for a thread, in its priority lane. */
interface Waiter {
  start: () => void;
  timer?: ReturnType<typeof setTimeout>;
}

export interface WorkerPoolBulkheadOptions {
  /** Absolute path of the worker module (a `.js` file; its exports are the runnable functions). */
  filename: string;
  /** Worker threads in this pool; default 2. The pool is isolated from every other pool. */
  maxThreads?: number;
  /** Tasks allowed to wait for a thread; beyond it calls are rejected with reason `full`. Default 16. */
  maxQueue?: number;
  /** Longest a task may wait for a thread before it is rejected with reason `queue-timeout`; default no limit. */
  maxWaitMs?: number;
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
 * replacement. Tasks waiting for a thread wait here, not in piscina, in four priority lanes: a
 * free thread takes the oldest task of the most important lane (`critical`, `high`, `normal`,
 * `low`), and a task that waited `maxWaitMs` is refused with reason `queue-timeout`.
 */
export class WorkerPoolBulkheadPolicy {
  private readonly pool: Piscina;
  private readonly maxThreads: number;
  private readonly maxQueue: number;
  private readonly maxWaitMs: number | undefined;
  private readonly runningByLane = [0, 0, 0, 0];
  private readonly lanes: Waiter[][] = [[], [], [], []];
  private running = 0;
  private waiting = 0;
  private readonly crashEmitter = new EventEmitter<WorkerCrashedError>();
  readonly dependency: string | undefined;

  /** Fires when a worker dies while running a task. */
  readonly onWorkerCrash = this.crashEmitter.event;

  constructor(options: WorkerPoolBulkheadOptions) {
    this.dependency = options.dependency;
    this.maxThreads = options.maxThreads ?? 2;
    this.maxQueue = options.maxQueue ?? 16;
    this.maxWaitMs = options.maxWaitMs;
    // piscina is an optional peer of the package: only this policy needs it.
    const { Piscina } = requireOptionalPeer<typeof PiscinaModule>('piscina', 'WorkerPoolBulkheadPolicy');
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
    return this.running;
  }
  /** Tasks waiting for a thread. */
  get queued(): number {
    return this.waiting;
  }
  /** Tasks of one priority running on a thread. */
  activeIn(priority: Priority): number {
    return this.runningByLane[RANK[priority]];
  }
  /** Tasks of one priority waiting for a thread. */
  queuedIn(priority: Priority): number {
    return this.lanes[RANK[priority]].length;
  }
  /** Threads in the pool. */
  get max(): number {
    return this.maxThreads;
  }

  /**
   * Run `functionName` exported by the worker module with `input` (structured-clone-able), at
   * `priority` (default `normal`). Aborting `signal` removes a waiting task or terminates the
   * worker running it.
   */
  async run<TOut, TIn = unknown>(
    functionName: string,
    input: TIn,
    signal?: AbortSignal,
    options?: { priority?: Priority },
  ): Promise<TOut> {
    if (signal?.aborted) throw new TaskCancelledError('Cancelled before the task started', signal.reason);
    const lane = RANK[options?.priority ?? 'normal'];
    if (this.running >= this.maxThreads) await this.waitForThread(lane, signal);
    else this.running++;
    this.runningByLane[lane]++;
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
      this.runningByLane[lane]--;
      this.handOver();
    }
  }

  /** Waits in `lane` until a finishing task hands its thread over (the running count moves with it). */
  private waitForThread(lane: number, signal: AbortSignal | undefined): Promise<void> {
    if (this.waiting >= this.maxQueue) {
      return Promise.reject(
        new BulkheadRejectedError('full', this.running, this.waiting, this.maxThreads, this.dependency),
      );
    }
    return new Promise<void>((resolve, reject) => {
      const onAbort = () =>
        leave(new TaskCancelledError('Cancelled while waiting for a worker thread', signal?.reason));
      const waiter: Waiter = {
        start: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const leave = (error: Error) => {
        const queue = this.lanes[lane];
        const at = queue.indexOf(waiter);
        if (at < 0) return;
        queue.splice(at, 1);
        this.waiting--;
        clearTimeout(waiter.timer);
        signal?.removeEventListener('abort', onAbort);
        reject(error);
      };
      if (this.maxWaitMs !== undefined) {
        waiter.timer = setTimeout(
          () =>
            leave(
              new BulkheadRejectedError(
                'queue-timeout',
                this.running,
                this.waiting - 1,
                this.maxThreads,
                this.dependency,
              ),
            ),
          this.maxWaitMs,
        );
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      this.lanes[lane].push(waiter);
      this.waiting++;
    });
  }

  /** A task finished: its thread goes to the oldest waiter of the most important lane, or is freed. */
  private handOver(): void {
    for (const queue of this.lanes) {
      const next = queue.shift();
      if (!next) continue;
      this.waiting--;
      clearTimeout(next.timer);
      next.start();
      return;
    }
    this.running--;
  }

  /** Stop every worker. */
  close(): Promise<void> {
    return this.pool.destroy();
  }
}

function asCrash(error: unknown): WorkerCrashedError | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'ERR_WORKER_OUT_OF_MEMORY')
    return new WorkerCrashedError(`Worker ran out of memory: ${message}`, code, error);
  if (
    (typeof code === 'string' && code.startsWith('ERR_WORKER')) ||
    /worker (exited|terminated)|terminated/i.test(message)
  ) {
    return new WorkerCrashedError(`Worker died: ${message}`, typeof code === 'string' ? code : undefined, error);
  }
  return undefined;
}
