import { DEPENDENCIES } from '@shop/contracts';

/** Resilience dependency that runs inference on its own worker pool (heap-capped workers). */
export const INFERENCE = DEPENDENCIES.RECOMMENDER_INFERENCE;
/** Resilience dependency that runs training on a separate pool, so a retrain never delays answers. */
export const TRAINING = DEPENDENCIES.RECOMMENDER_TRAINING;
