import { COMPARTMENT_QUEUE_JOB_STATES, COMPARTMENT_QUEUE_METRICS } from '@shop/contracts';

import type { MetricSample } from './prometheus-text';

/** One compartment's Bull queue in a service: its workers and its jobs by state. */
export interface JobQueueView {
  service: string;
  queue: string;
  compartment: string;
  workers: number;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
}

/** Metric families the views are read from (COMPARTMENT_QUEUE_METRICS, exported by notifications). */
export const JOB_QUEUE_FAMILY = 'compartment_queue_';

/** A service's compartmented job queues, from `compartment_queue_jobs` and `compartment_queue_workers`. */
export function jobQueueViews(service: string, samples: MetricSample[]): JobQueueView[] {
  const views = new Map<string, JobQueueView>();
  const viewOf = (queue: string, compartment: string): JobQueueView => {
    const key = `${queue}/${compartment}`;
    let view = views.get(key);
    if (!view)
      views.set(
        key,
        (view = { service, queue, compartment, workers: 0, waiting: 0, active: 0, delayed: 0, failed: 0 }),
      );
    return view;
  };
  for (const { name, labels, value } of samples) {
    if (!labels.queue || !labels.compartment) continue;
    if (name === COMPARTMENT_QUEUE_METRICS.workers) viewOf(labels.queue, labels.compartment).workers = value;
    const state = COMPARTMENT_QUEUE_JOB_STATES.find((s) => s === labels.state);
    if (name === COMPARTMENT_QUEUE_METRICS.jobs && state) viewOf(labels.queue, labels.compartment)[state] = value;
  }
  return [...views.values()];
}
