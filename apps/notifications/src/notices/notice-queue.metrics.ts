import { Inject, Injectable } from '@nestjs/common';
import { MetricsService } from '@shop/platform';
import { Gauge } from 'prom-client';
import { NOTICE_COMPARTMENTS, NoticeCompartment } from './notice-kind';
import { NOTICE_QUEUES, NoticeQueues } from './notice-queues';

const JOBS = 'notifications_notice_queue_jobs';
const WORKERS = 'notifications_notice_workers';
const STATES = ['waiting', 'active', 'delayed', 'failed'] as const;
/** A scrape must not hang on Redis: past this the gauges keep their last values. */
const COUNT_TIMEOUT_MS = 500;

function withinDeadline<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  return Promise.race([work.catch(() => undefined), deadline]).finally(() => clearTimeout(timer));
}

/**
 * `notifications_notice_queue_jobs{compartment,state}`, read from Redis at each scrape, and
 * `notifications_notice_workers{compartment}`: how deep each compartment's queue is next to the
 * workers it has, so a dashboard shows the background queue growing while critical stays empty.
 */
@Injectable()
export class NoticeQueueMetrics {
  private readonly workers: Gauge<'compartment'>;

  constructor(metrics: MetricsService, @Inject(NOTICE_QUEUES) queues: NoticeQueues) {
    const registry = metrics.registry;
    // Tests create several apps in one process; prom-client refuses a second metric of one name.
    registry.removeSingleMetric(JOBS);
    new Gauge({
      name: JOBS,
      help: 'Notice delivery jobs in each compartment queue, by state (waiting, active, delayed, failed)',
      labelNames: ['compartment', 'state'],
      registers: [registry],
      async collect() {
        await Promise.all(
          NOTICE_COMPARTMENTS.map(async (compartment) => {
            const counts = await withinDeadline(queues[compartment].getJobCounts(), COUNT_TIMEOUT_MS);
            if (counts) for (const state of STATES) this.set({ compartment, state }, counts[state]);
          }),
        );
      },
    });
    this.workers =
      (registry.getSingleMetric(WORKERS) as Gauge<'compartment'> | undefined) ??
      new Gauge({ name: WORKERS, help: 'Delivery workers of each notice compartment queue', labelNames: ['compartment'], registers: [registry] });
  }

  setWorkers(concurrency: Record<NoticeCompartment, number>): void {
    for (const compartment of NOTICE_COMPARTMENTS) this.workers.set({ compartment }, concurrency[compartment]);
  }
}
