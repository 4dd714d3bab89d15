import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';

import type { WriteBehindStore } from './write-behind.store';

/**
 * Terminus indicator for a write-behind store: reports backlog and lag, and is `down` only
 * when the store cannot accept writes (backlog full, or Redis unreachable). A MySQL outage
 * alone keeps it `up`: absorbing that outage is what the store is for.
 *
 * @example
 *   @Get('ready') @HealthCheck()
 *   ready() { return this.health.check([() => this.writeBehind.isHealthy(this.orders)]); }
 */
@Injectable()
export class WriteBehindHealthIndicator {
  constructor(private readonly health: HealthIndicatorService) {}

  async isHealthy(
    store: WriteBehindStore<unknown>,
    key = `write-behind-${store.name}`,
  ): Promise<HealthIndicatorResult> {
    const indicator = this.health.check(key);
    let stats;
    try {
      stats = await store.stats();
    } catch (error) {
      return indicator.down({ message: `redis unreachable: ${(error as Error).message}` });
    }
    const data = {
      backlog: stats.backlog,
      maxBacklog: stats.maxBacklog,
      lagSeconds: Math.round(stats.lagSeconds * 1_000) / 1_000,
      deadLetters: stats.deadLetters,
      mysqlPaused: stats.mysqlPaused,
    };
    return stats.backlog >= stats.maxBacklog ? indicator.down(data) : indicator.up(data);
  }
}
