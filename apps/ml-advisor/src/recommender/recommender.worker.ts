// Runs in the worker threads of the advisor's worker-pool bulkheads (piscina loads the compiled
// .js). Only relative imports of pure modules: path aliases are not registered in workers.
import {
  alsoBought,
  Basket,
  CoOccurrenceModel,
  forCustomer,
  ScoredProduct,
  trainCoOccurrence,
  TrainOptions,
} from './co-occurrence';

export interface TrainTask {
  baskets: Basket[];
  options: TrainOptions;
}

export interface RecommendTask {
  model: CoOccurrenceModel;
  productId?: string;
  /** Products the customer bought before (empty when anonymous). */
  purchased: string[];
  personal: boolean;
  limit: number;
}

/** Learns the co-occurrence model; CPU-bound for large histories, hence off the event loop. */
export function train(task: TrainTask): CoOccurrenceModel {
  return trainCoOccurrence(task.baskets, task.options);
}

/** Scores candidates for a product page (also-bought) or a customer (personal). */
export function recommend(task: RecommendTask): ScoredProduct[] {
  if (task.personal) return forCustomer(task.model, task.purchased, task.limit, task.productId);
  if (task.productId) return alsoBought(task.model, task.productId, task.limit);
  return forCustomer(task.model, [], task.limit);
}
