import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { NOTICES_QUEUE } from './notices.constants';
import { NoticeJob, NoticeRefusedError, NoticesService } from './notices.service';

@Processor(NOTICES_QUEUE)
export class NoticesProcessor {
  constructor(private readonly notices: NoticesService) {}

  @Process({ concurrency: 8 })
  async deliver(job: Job<NoticeJob>): Promise<void> {
    try {
      await this.notices.deliver(job.data.idempotencyKey);
    } catch (error) {
      if (error instanceof NoticeRefusedError) await job.discard(); // no more attempts
      throw error;
    }
  }
}
