import { join } from 'node:path';

/** Resilience dependency that runs inference on its own worker pool (heap-capped workers). */
export const INFERENCE = 'recommender_inference';
/** Resilience dependency that runs training on a separate pool, so a retrain never delays answers. */
export const TRAINING = 'recommender_training';

/** The compiled worker module (dist/…/recommender.worker.js next to this file's .js). */
export const RECOMMENDER_WORKER = join(__dirname, 'recommender.worker.js');
