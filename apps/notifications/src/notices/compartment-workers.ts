import type { Job, Queue } from 'bull';

export interface CompartmentWorkersOptions<C extends string, T> {
  /** One queue per compartment: a job waits only behind jobs of its own compartment. */
  queues: Record<C, Queue<T>>;
  /** Workers per compartment: how many of its jobs run at once, whatever the others do. */
  concurrency: Record<C, number>;
  process: (job: Job<T>, compartment: C) => Promise<unknown>;
  /** A queue's worker loop failed to start (Redis unreachable at start, for instance). */
  onError: (compartment: C, error: Error) => void;
}

/**
 * Starts the workers of every compartment's queue, each with its own concurrency. Separate queues
 * (rather than one queue with job priorities) are what keep compartments apart: a priority only
 * orders the waiting jobs, so a burst of slow background jobs would still occupy every worker.
 */
export function startCompartmentWorkers<C extends string, T>(options: CompartmentWorkersOptions<C, T>): void {
  const compartments = Object.keys(options.queues) as C[];
  for (const compartment of compartments) {
    const concurrency = options.concurrency[compartment];
    if (!Number.isSafeInteger(concurrency) || concurrency < 1) {
      throw new Error(
        `workers of compartment ${compartment}: concurrency must be a whole number ≥ 1 (got ${String(concurrency)})`,
      );
    }
  }
  for (const compartment of compartments) {
    // process() resolves only when the queue closes; its rejection is a worker loop that died.
    options.queues[compartment]
      .process(options.concurrency[compartment], (job: Job<T>) => options.process(job, compartment))
      .catch((error: Error) => options.onError(compartment, error));
  }
}
