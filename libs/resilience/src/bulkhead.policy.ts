import { BulkheadRejectedError, BulkheadRejectionReason, TaskCancelledError } from './errors';
import { EventEmitter } from './events';
import { CallOptions, contextFor, ContextPolicy, ExecuteContext, kExecute, mayAbort, Priority } from './policy';

/** Lanes from most to least important; the index is the lane's rank. */
export const PRIORITIES: readonly Priority[] = ['critical', 'high', 'normal', 'low'];
const RANK: Record<Priority, number> = { critical: 0, high: 1, normal: 2, low: 3 };

export interface BulkheadOptions {
  /** Calls allowed to run at once. */
  maxConcurrent: number;
  /** Calls allowed to wait for a slot; default 0 (reject as soon as it is full). */
  maxQueue?: number;
  /** Longest a call may wait in the queue before it is rejected with `queue-timeout`. */
  maxWaitMs?: number;
  /**
   * Cap a lane to a share (0..1] of `maxConcurrent`, e.g. `{ low: 0.3 }`, so the other lanes —
   * critical above all — always find free slots. `critical` is never capped.
   */
  laneShares?: Partial<Record<Exclude<Priority, 'critical'>, number>>;
  /** Name used in errors and events. */
  dependency?: string;
}

/** Emitted when a call is refused. */
/** A queued call got its slot after `waitedMs` in its lane's queue. */
export interface BulkheadQueuedEvent {
  readonly priority: Priority;
  readonly waitedMs: number;
}

export interface BulkheadRejectionEvent {
  readonly reason: BulkheadRejectionReason;
  readonly priority: Priority;
  readonly active: number;
  readonly queued: number;
  readonly max: number;
}

interface Waiter {
  readonly lane: number;
  readonly resolve: () => void;
  readonly reject: (e: Error) => void;
  timer: ReturnType<typeof setTimeout> | undefined;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
  prev: Waiter | undefined;
  next: Waiter | undefined;
}

/** FIFO of waiters in one lane; a doubly linked list so timeouts and aborts remove in O(1). */
class Lane {
  head: Waiter | undefined;
  tail: Waiter | undefined;
  push(w: Waiter): void {
    w.prev = this.tail;
    if (this.tail) this.tail.next = w;
    else this.head = w;
    this.tail = w;
  }
  remove(w: Waiter): void {
    if (w.prev) w.prev.next = w.next;
    else this.head = w.next;
    if (w.next) w.next.prev = w.prev;
    else this.tail = w.prev;
    w.prev = w.next = undefined;
  }
}

/**
 * A semaphore bulkhead with four priority lanes. When every slot is busy, calls wait in a
 * bounded queue and a freed slot goes to the most important waiting lane first (FIFO inside a
 * lane). When the queue is full, an arriving call may displace the newest waiter of a less
 * important lane, which is rejected with reason `full`.
 */
export class BulkheadPolicy implements ContextPolicy {
  private maxConcurrent = 1;
  private maxQueue = 0;
  private maxWaitMs: number | undefined;
  private laneCaps = [Infinity, Infinity, Infinity, Infinity];
  private shares: BulkheadOptions['laneShares'] = {};
  private activeTotal = 0;
  private queuedTotal = 0;
  private readonly activeByLane = [0, 0, 0, 0];
  private readonly queues = [new Lane(), new Lane(), new Lane(), new Lane()];
  private readonly rejectEmitter = new EventEmitter<BulkheadRejectionEvent>();
  private readonly queuedEmitter = new EventEmitter<BulkheadQueuedEvent>();
  readonly dependency: string | undefined;

  /** Fires when a call is refused (full, waited too long, or its lane is at its cap). */
  readonly onReject = this.rejectEmitter.event;
  /** Fires when a call that had to queue gets its slot, with how long it waited. */
  readonly onQueued = this.queuedEmitter.event;

  constructor(options: BulkheadOptions) {
    this.dependency = options.dependency;
    this.update(options);
  }

  /**
   * Change limits at runtime. Running calls keep their slots; raising the limit admits waiters
   * at once, lowering it lets running calls finish before new ones start.
   */
  update(options: Partial<Omit<BulkheadOptions, 'dependency'>>): void {
    if (options.maxConcurrent !== undefined) {
      if (!(options.maxConcurrent >= 1)) throw new RangeError('maxConcurrent must be >= 1');
      this.maxConcurrent = Math.floor(options.maxConcurrent);
    }
    if (options.maxQueue !== undefined) this.maxQueue = Math.max(0, Math.floor(options.maxQueue));
    if (Object.hasOwn(options, 'maxWaitMs')) this.maxWaitMs = options.maxWaitMs;
    if (options.laneShares !== undefined) this.shares = { ...options.laneShares };
    const shares = this.shares ?? {};
    for (const p of PRIORITIES) {
      const share = p === 'critical' ? undefined : shares[p];
      this.laneCaps[RANK[p]] = share === undefined ? Infinity : Math.max(1, Math.floor(share * this.maxConcurrent));
    }
    this.drain();
  }

  /** Calls running now. */
  get active(): number {
    return this.activeTotal;
  }
  /** Calls waiting now. */
  get queued(): number {
    return this.queuedTotal;
  }
  /** Configured concurrency limit. */
  get max(): number {
    return this.maxConcurrent;
  }
  /** Configured queue bound. */
  get queueCapacity(): number {
    return this.maxQueue;
  }
  /** Running calls in one lane. */
  activeIn(priority: Priority): number {
    return this.activeByLane[RANK[priority]];
  }
  /** Waiting calls in one lane. */
  queuedIn(priority: Priority): number {
    let n = 0;
    for (let w = this.queues[RANK[priority]].head; w; w = w.next) n++;
    return n;
  }

  execute<T>(fn: (ctx: ExecuteContext) => Promise<T>, signal?: AbortSignal, options?: CallOptions): Promise<T> {
    return this[kExecute](fn, contextFor(signal), options);
  }

  /**
   * Admission check without a call: the error `execute()` would reject a call of this priority
   * with right now (counted and emitted like any rejection), or undefined when it would run,
   * queue or displace a less important waiter. Lets an HTTP edge shed load before it spends
   * anything on a request that the bulkhead is certain to refuse.
   */
  rejectNow(options?: CallOptions): BulkheadRejectedError | undefined {
    const lane = options?.priority === undefined ? 2 : RANK[options.priority];
    if (this.activeTotal < this.maxConcurrent && this.activeByLane[lane] < this.laneCaps[lane]) return undefined;
    if (this.queuedTotal < this.maxQueue) return undefined;
    for (let l = 3; l > lane; l--) if (this.queues[l].tail) return undefined;
    return this.rejection(this.activeTotal < this.maxConcurrent ? 'lane-cap' : 'full', lane);
  }

  /** @internal */
  [kExecute]<T>(
    fn: (ctx: ExecuteContext) => Promise<T>,
    ctx: ExecuteContext,
    options: CallOptions | undefined,
  ): Promise<T> {
    const lane = options?.priority === undefined ? 2 : RANK[options.priority];
    if (this.activeTotal < this.maxConcurrent && this.activeByLane[lane] < this.laneCaps[lane]) {
      // Fast path: no async frame and no closure; the release handlers are bound once per lane.
      this.activeTotal++;
      this.activeByLane[lane]++;
      let p: Promise<T>;
      try {
        p = fn(ctx);
      } catch (e) {
        p = Promise.reject(e);
      }
      return p.then(this.releaseOnSuccess[lane], this.releaseOnFailure[lane]);
    }
    // The clock is read only when someone listens (tracing): the queued path stays as it was.
    const queuedAt = this.queuedEmitter.hasListeners ? performance.now() : -1;
    return this.enqueue(lane, mayAbort(ctx) ? ctx.signal : undefined).then(() => {
      if (queuedAt >= 0)
        this.queuedEmitter.emit({ priority: PRIORITIES[lane], waitedMs: performance.now() - queuedAt });
      let p: Promise<T>;
      try {
        p = fn(ctx);
      } catch (e) {
        p = Promise.reject(e);
      }
      return p.then(this.releaseOnSuccess[lane], this.releaseOnFailure[lane]);
    });
  }

  private release(lane: number): void {
    this.activeTotal--;
    this.activeByLane[lane]--;
    if (this.queuedTotal > 0) this.drain();
  }

  private readonly releaseOnSuccess = [0, 1, 2, 3].map((lane) => <T>(value: T): T => {
    this.release(lane);
    return value;
  });

  private readonly releaseOnFailure = [0, 1, 2, 3].map((lane) => (error: unknown): never => {
    this.release(lane);
    throw error;
  });

  private enqueue(lane: number, signal: AbortSignal | undefined): Promise<void> {
    if (signal?.aborted)
      return Promise.reject(new TaskCancelledError('Cancelled before a bulkhead slot was free', signal.reason));
    if (this.queuedTotal >= this.maxQueue && !this.displaceLessImportantThan(lane)) {
      const laneFull = this.activeTotal < this.maxConcurrent;
      return Promise.reject(this.rejection(laneFull ? 'lane-cap' : 'full', lane));
    }
    return new Promise<void>((resolve, reject) => {
      const w: Waiter = {
        lane,
        resolve,
        reject,
        timer: undefined,
        signal,
        onAbort: undefined,
        prev: undefined,
        next: undefined,
      };
      if (this.maxWaitMs !== undefined) {
        w.timer = setTimeout(() => {
          w.timer = undefined;
          this.dequeue(w);
          reject(this.rejection('queue-timeout', lane));
        }, this.maxWaitMs);
      }
      if (signal) {
        w.onAbort = () => {
          this.dequeue(w);
          reject(new TaskCancelledError('Cancelled while waiting for a bulkhead slot', signal.reason));
        };
        signal.addEventListener('abort', w.onAbort, { once: true });
      }
      this.queues[lane].push(w);
      this.queuedTotal++;
    });
  }

  /** Make room for a more important arrival by rejecting the newest waiter of the least important lane. */
  private displaceLessImportantThan(lane: number): boolean {
    for (let l = 3; l > lane; l--) {
      const victim = this.queues[l].tail;
      if (victim) {
        this.dequeue(victim);
        victim.reject(this.rejection('full', l));
        return true;
      }
    }
    return false;
  }

  private dequeue(w: Waiter): void {
    this.queues[w.lane].remove(w);
    this.queuedTotal--;
    if (w.timer !== undefined) clearTimeout(w.timer);
    if (w.onAbort) w.signal!.removeEventListener('abort', w.onAbort);
  }

  /** Hand free slots to waiters, most important admissible lane first. */
  private drain(): void {
    while (this.queuedTotal > 0 && this.activeTotal < this.maxConcurrent) {
      let admitted: Waiter | undefined;
      for (let l = 0; l < 4 && !admitted; l++) {
        const head = this.queues[l].head;
        if (head && this.activeByLane[l] < this.laneCaps[l]) admitted = head;
      }
      if (!admitted) return; // every waiter is held back by its lane cap
      this.dequeue(admitted);
      // The slot is taken on the waiter's behalf now, so no call can slip in before it resumes.
      this.activeTotal++;
      this.activeByLane[admitted.lane]++;
      admitted.resolve();
    }
  }

  private rejection(reason: BulkheadRejectionReason, lane: number): BulkheadRejectedError {
    if (this.rejectEmitter.hasListeners) {
      this.rejectEmitter.emit({
        reason,
        priority: PRIORITIES[lane],
        active: this.activeTotal,
        queued: this.queuedTotal,
        max: this.maxConcurrent,
      });
    }
    return new BulkheadRejectedError(reason, this.activeTotal, this.queuedTotal, this.maxConcurrent, this.dependency);
  }
}
