import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { inSpan, withTraceparent } from '@shop/platform';
import type { Job } from 'bull';

import { startCompartmentWorkers } from './compartment-workers';
import { NoticeCompartment } from './notice-kind';
import { NoticeQueueMetrics } from './notice-queue.metrics';
import { NOTICE_QUEUES, NoticeJob, NoticeQueues } from './notice-queues';
import { NoticeRefusedError, NoticesService } from './notices.service';

/**
 * The delivery workers: `NOTICE_WORKERS_CRITICAL` on the critical queue and
 * `NOTICE_WORKERS_BACKGROUND` on the background queue. Started once the app is up, so no job is
 * taken before the provider client and the delivery log are ready.
 */
@Injectable()
export class NoticeWorkers implements OnApplicationBootstrap {
  private readonly logger = new Logger(NoticeWorkers.name);

  constructor(
    @Inject(NOTICE_QUEUES) private readonly queues: NoticeQueues,
    private readonly notices: NoticesService,
    private readonly metrics: NoticeQueueMetrics,
    private readonly config: ConfigService,
  ) {}

  onApplicationBootstrap(): void {
    const concurrency: Record<NoticeCompartment, number> = {
      critical: this.config.getOrThrow<number>('NOTICE_WORKERS_CRITICAL'),
      background: this.config.getOrThrow<number>('NOTICE_WORKERS_BACKGROUND'),
    };
    startCompartmentWorkers({
      queues: this.queues,
      concurrency,
      process: (job: Job<NoticeJob>) => this.deliver(job),
      onError: (compartment, error) =>
        this.logger.error({ msg: 'notice workers stopped', compartment, error: error.message }),
    });
    this.metrics.setWorkers(concurrency);
    this.logger.log({ msg: 'notice workers started', ...concurrency });
  }

  /** One attempt, as a span of the trace that queued the notice (Bull jobs carry no context of their own). */
  private deliver(job: Job<NoticeJob>): Promise<void> {
    const attributes = { 'notice.key': job.data.idempotencyKey, 'notice.attempt': job.attemptsMade + 1 };
    return withTraceparent(job.data.traceparent, () =>
      inSpan('notice deliver', attributes, async () => {
        try {
          await this.notices.deliver(job.data.idempotencyKey);
        } catch (error) {
          if (error instanceof NoticeRefusedError) await job.discard(); // no more attempts
          throw error;
        }
      }),
    );
  }
}
