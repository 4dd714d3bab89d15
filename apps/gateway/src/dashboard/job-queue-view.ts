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

/** Metric families the views are read from (see apps/notifications/src/notices/notice-queue.metrics.ts). */
export const JOB_QUEUE_FAMILY = 'compartment_queue_';
const STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

/** A service's compartmented job queues, from `compartment_queue_jobs` and `compartment_queue_workers`. */
export function jobQueueViews(service: string, samples: MetricSample[]): JobQueueView[] {
  const views = new Map<string, JobQueueView>();
  const viewOf = (queue: string, compartment: string): JobQueueView => {
    const key = `${queue}/${compartment}`;
    let view = views.get(key);
    if (!view) views.set(key, (view = { service, queue, compartment, workers: 0, waiting: 0, active: 0, delayed: 0, failed: 0 }));
    return view;
  };
  for (const { name, labels, value } of samples) {
    if (!labels.queue || !labels.compartment) continue;
    if (name === 'compartment_queue_workers') viewOf(labels.queue, labels.compartment).workers = value;
    const state = STATES.find((s) => s === labels.state);
    if (name === 'compartment_queue_jobs' && state) viewOf(labels.queue, labels.compartment)[state] = value;
  }
  return [...views.values()];
}
