import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';

import { StockService } from './stock.service';

const INTERVAL_MS = 1_000;

/** Returns the units of reservations whose hold ran out (the saga died before paying). */
@Injectable()
export class ReservationExpiry implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ReservationExpiry.name);
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(private readonly stock: StockService) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.expireDue(), INTERVAL_MS);
    this.timer.unref();
  }

  async expireDue(): Promise<number> {
    if (this.running) return 0;
    this.running = true;
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
    } finally {
      this.running = false;
    }
    return expired;
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
