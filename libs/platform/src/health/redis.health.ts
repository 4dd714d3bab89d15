import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import Redis from 'ioredis';

/** Redis readiness: a PING answered within a short deadline, on a connection of its own. */
@Injectable()
export class RedisHealthIndicator implements OnApplicationShutdown {
  private client: Redis | undefined;

  constructor(private readonly indicator: HealthIndicatorService) {}

  configure(host: string, port: number): void {
    this.client = new Redis({
      host,
      port,
      lazyConnect: true,
      connectTimeout: 1000,
      commandTimeout: 1000,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
    });
    this.client.on('error', () => undefined); // reported through the check, not as an unhandled event
  }

  async check(key = 'redis') {
    const session = this.indicator.check(key);
    if (!this.client) return session.down({ message: 'Redis health check not configured' });
    try {
      if (this.client.status === 'wait' || this.client.status === 'end') await this.client.connect();
      await this.client.ping();
      return session.up();
    } catch (error) {
      return session.down({ message: (error as Error).message });
    }
  }

  onApplicationShutdown(): void {
    this.client?.disconnect();
  }
}
