import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { PeriodicTask } from '@shop/platform';

import { StockService } from './stock.service';

const INTERVAL_MS = 1_000;

/** Returns the units of reservations whose hold ran out (the saga died before paying). */
@Injectable()
export class ReservationExpiry implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ReservationExpiry.name);
  private readonly task = new PeriodicTask(() => this.expireDuePass(), { intervalMs: INTERVAL_MS, idle: 0 });

  constructor(private readonly stock: StockService) {}

  onApplicationBootstrap(): void {
    this.task.start();
  }

  /** One pass (none while one is running); returns how many reservations it expired. */
  expireDue(): Promise<number> {
    return this.task.runOnce();
  }

  private async expireDuePass(): Promise<number> {
    let expired = 0;
    try {
      for (const sagaId of await this.stock.dueReservations()) {
        // One reservation that cannot be expired (its units are gone) must not hold up the others.
        try {
          if (await this.stock.expire(sagaId)) {
            expired++;
            this.logger.log({ msg: 'reservation expired; stock returned', sagaId });
          }
        } catch (error) {
          this.logger.warn({ msg: 'reservation expiry failed', sagaId, error: (error as Error).message });
        }
      }
    } catch (error) {
      this.logger.warn({ msg: 'could not list due reservations', error: (error as Error).message });
    }
    return expired;
  }

  onApplicationShutdown(): void {
    this.task.stop();
  }
}
