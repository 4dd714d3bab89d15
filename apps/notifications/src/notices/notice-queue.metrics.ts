import { Inject, Injectable } from '@nestjs/common';
import { COMPARTMENT_QUEUE_JOB_STATES, COMPARTMENT_QUEUE_METRICS } from '@shop/contracts';
import { MetricsService } from '@shop/platform';
import { Gauge } from 'prom-client';

import { NOTICE_COMPARTMENTS, NoticeCompartment } from './notice-kind';
import { NOTICE_QUEUES, NoticeQueues } from './notice-queues';

const { jobs: JOBS, workers: WORKERS } = COMPARTMENT_QUEUE_METRICS;
/** The `queue` label: which of the service's compartmented job queues. */
const QUEUE = 'notices';
/** A scrape must not hang on Redis: past this the gauges keep their last values. */
const COUNT_TIMEOUT_MS = 500;

function withinDeadline<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  return Promise.race([work.catch(() => undefined), deadline]).finally(() => clearTimeout(timer));
}

/**
 * `compartment_queue_jobs{queue="notices",compartment,state}`, read from Redis at each scrape, and
 * `compartment_queue_workers{queue="notices",compartment}`: how deep each compartment's queue is
 * next to the workers it has, so the dashboard shows the background queue growing while critical
 * stays empty. (Generic names: any service's compartmented Bull queues can report the same way.)
 */
@Injectable()
export class NoticeQueueMetrics {
  private readonly workers: Gauge<'queue' | 'compartment'>;

  constructor(metrics: MetricsService, @Inject(NOTICE_QUEUES) queues: NoticeQueues) {
    const registry = metrics.registry;
    // Tests create several apps in one process; prom-client refuses a second metric of one name.
    registry.removeSingleMetric(JOBS);
    new Gauge({
      name: JOBS,
      help: 'Jobs in each compartment queue, by state (waiting, active, delayed, failed)',
      labelNames: ['queue', 'compartment', 'state'],
      registers: [registry],
      async collect() {
        await Promise.all(
          NOTICE_COMPARTMENTS.map(async (compartment) => {
            const counts = await withinDeadline(queues[compartment].getJobCounts(), COUNT_TIMEOUT_MS);
            if (counts)
              for (const state of COMPARTMENT_QUEUE_JOB_STATES)
                this.set({ queue: QUEUE, compartment, state }, counts[state]);
          }),
        );
      },
    });
    this.workers =
      (registry.getSingleMetric(WORKERS) as Gauge<'queue' | 'compartment'> | undefined) ??
      new Gauge({
        name: WORKERS,
        help: 'Workers of each compartment queue (how many of its jobs run at once)',
        labelNames: ['queue', 'compartment'],
        registers: [registry],
      });
  }

  setWorkers(concurrency: Record<NoticeCompartment, number>): void {
    for (const compartment of NOTICE_COMPARTMENTS)
      this.workers.set({ queue: QUEUE, compartment }, concurrency[compartment]);
  }
}
