import { resolve } from 'node:path';

import { AdaptiveBulkheadPolicy } from './adaptive-bulkhead.policy';
import { BulkheadPolicy } from './bulkhead.policy';
import type { AdaptiveLimitSettings, BulkheadSettings } from './config/resilience-config';
import { WorkerPoolBulkheadPolicy } from './worker-pool-bulkhead.policy';

/** The in-process bulkhead of a dependency: a fixed semaphore or one with an adaptive limit. */
export type Bulkhead = BulkheadPolicy | AdaptiveBulkheadPolicy;

/** The bulkheads one dependency's settings ask for. */
export interface Bulkheads {
  bulkhead: Bulkhead | undefined;
  workerPool: WorkerPoolBulkheadPolicy | undefined;
}

const limitOptions = (l: AdaptiveLimitSettings = {}) => ({
  minLimit: l.min,
  maxLimit: l.max,
  smoothing: l.smoothing,
  tolerance: l.tolerance,
  windowMs: l.windowMs,
  minSamples: l.minSamples,
  longWindows: l.longWindows,
  backoffRatio: l.backoffRatio,
  staleAfterMs: l.staleAfterMs,
});

/**
 * Reconcile the live bulkheads with new settings: a bulkhead of the same kind is updated in
 * place (running calls keep their slots; an adaptive one keeps its learned limit), one of
 * another kind is replaced. `onNew` is called for each bulkhead created, to hook its events.
 */
export function reconcileBulkheads(
  current: Bulkheads,
  b: BulkheadSettings | undefined,
  dependency: string,
  isDrop: ((error: unknown) => boolean) | undefined,
  onNew: (bulkhead: Bulkhead) => void,
): Bulkheads {
  const on = b !== undefined && b.enabled !== false;
  const kind = b?.kind ?? 'semaphore';
  let bulkhead: Bulkhead | undefined;
  if (on && kind === 'semaphore') {
    const opts = {
      maxConcurrent: b.maxConcurrent ?? 10,
      maxQueue: b.maxQueue ?? 0,
      maxWaitMs: b.maxWaitMs,
      laneShares: b.laneShares ?? {},
    };
    if (current.bulkhead instanceof BulkheadPolicy) (bulkhead = current.bulkhead).update(opts);
    else onNew((bulkhead = new BulkheadPolicy({ ...opts, dependency })));
  } else if (on && kind === 'adaptive') {
    const opts = {
      initialLimit: b.maxConcurrent ?? 10,
      maxQueue: b.maxQueue ?? 0,
      maxWaitMs: b.maxWaitMs,
      laneShares: b.laneShares ?? {},
      ...limitOptions(b.limit),
    };
    if (current.bulkhead instanceof AdaptiveBulkheadPolicy) (bulkhead = current.bulkhead).update(opts);
    else onNew((bulkhead = new AdaptiveBulkheadPolicy({ ...opts, dependency, isDrop })));
  }

  let workerPool = current.workerPool;
  if (on && kind === 'worker-pool') {
    // Thread count, queue and heap cap are fixed when the pool starts; they need a restart to change.
    workerPool ??= new WorkerPoolBulkheadPolicy({
      filename: resolve(b.filename!),
      maxThreads: b.maxThreads,
      maxQueue: b.maxQueue,
      maxWaitMs: b.maxWaitMs,
      maxOldGenerationSizeMb: b.maxOldGenerationSizeMb,
      dependency,
    });
  } else if (workerPool) {
    void workerPool.close();
    workerPool = undefined;
  }
  return { bulkhead, workerPool };
}
