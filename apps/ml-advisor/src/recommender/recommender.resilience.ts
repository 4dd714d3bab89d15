import type { ResilienceConfig } from '@shop/resilience';

import { INFERENCE, RECOMMENDER_WORKER, TRAINING } from './recommender.constants';

/**
 * Worker-pool bulkheads of the advisor. Inference: 2 threads, 32 queued, 64 MB heap per worker,
 * 1 s per answer. Training: 1 thread of its own with 256 MB, 60 s — a retrain can neither take
 * an inference thread nor exhaust the process's memory.
 */
export const RECOMMENDER_RESILIENCE: ResilienceConfig = {
  dependencies: {
    [INFERENCE]: {
      timeoutMs: 1_000,
      bulkhead: {
        kind: 'worker-pool',
        filename: RECOMMENDER_WORKER,
        maxThreads: 2,
        maxQueue: 32,
        maxOldGenerationSizeMb: 64,
      },
    },
    [TRAINING]: {
      timeoutMs: 60_000,
      bulkhead: {
        kind: 'worker-pool',
        filename: RECOMMENDER_WORKER,
        maxThreads: 1,
        maxQueue: 1,
        maxOldGenerationSizeMb: 256,
      },
    },
  },
};
