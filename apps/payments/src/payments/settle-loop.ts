import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { PeriodicTask } from '@shop/platform';

import { PaymentsService } from './payments.service';

const INTERVAL_MS = 1_000;

/**
 * Drives every unsettled payment to a final state: queued charges until the provider captures or
 * declines them, voids and refunds until the provider confirms them. The durable half of every
 * promise payments makes; the command handlers only make the first attempt.
 */
@Injectable()
export class SettleLoop implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SettleLoop.name);
  private readonly task = new PeriodicTask(() => this.settlePass(), { intervalMs: INTERVAL_MS, idle: undefined });

  constructor(private readonly payments: PaymentsService) {}

  onApplicationBootstrap(): void {
    this.task.start();
  }

  /** One pass (none while one is running). */
  runOnce(): Promise<void> {
    return this.task.runOnce();
  }

  private async settlePass(): Promise<void> {
    try {
      const due = await this.payments.claimDue();
      for (const { saga_id, status } of due) await this.payments.settle(saga_id, status);
    } catch (error) {
      this.logger.warn({ msg: 'settle loop failed', error: (error as Error).message });
    }
  }

  onApplicationShutdown(): void {
    this.task.stop();
  }
}
