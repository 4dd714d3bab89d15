import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';

import { PaymentsService } from './payments.service';

const INTERVAL_MS = 1_000;

/** Retries queued charges (provider was down or its circuit open) until the provider captures or declines them. */
@Injectable()
export class CaptureLoop implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CaptureLoop.name);
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(private readonly payments: PaymentsService) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.runOnce(), INTERVAL_MS);
    this.timer.unref();
  }

  async runOnce(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const due = await this.payments.claimDueCharges();
      for (const sagaId of due) await this.payments.capture(sagaId);
    } catch (error) {
      this.logger.warn({ msg: 'capture loop failed', error: (error as Error).message });
    } finally {
      this.running = false;
    }
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
