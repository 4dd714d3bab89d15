import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { PeriodicTask } from '@shop/platform';

import { PaymentsService } from './payments.service';

const INTERVAL_MS = 1_000;

/** Retries queued charges (provider was down or its circuit open) until the provider captures or declines them. */
@Injectable()
export class CaptureLoop implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CaptureLoop.name);
  private readonly task = new PeriodicTask(() => this.capturePass(), { intervalMs: INTERVAL_MS, idle: undefined });

  constructor(private readonly payments: PaymentsService) {}

  onApplicationBootstrap(): void {
    this.task.start();
  }

  /** One pass (none while one is running). */
  runOnce(): Promise<void> {
    return this.task.runOnce();
  }

  private async capturePass(): Promise<void> {
    try {
      const due = await this.payments.claimDueCharges();
      for (const sagaId of due) await this.payments.capture(sagaId);
    } catch (error) {
      this.logger.warn({ msg: 'capture loop failed', error: (error as Error).message });
    }
  }

  onApplicationShutdown(): void {
    this.task.stop();
  }
}
