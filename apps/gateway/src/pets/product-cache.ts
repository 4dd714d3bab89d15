import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { type CatalogueProduct, DEPENDENCIES } from '@shop/contracts';
import { Resilient } from '@shop/resilience/nest';
import Redis from 'ioredis';

import { LocalFaults } from '../admin/faults/local-faults';
import { PRODUCT_CACHE_TTL_SECONDS, productCacheKey } from './pets.constants';

/**
 * Products in Redis, through dependency `cache` (50 ms budget, no breaker: a cache that is slow
 * or down must cost at most its timeout, and a miss just asks inventory). Faults injected
 * for `cache` act inside that budget.
 */
@Injectable()
export class ProductCache implements OnApplicationShutdown {
  private readonly logger = new Logger(ProductCache.name);
  private readonly redis: Redis;

  constructor(
    config: ConfigService,
    private readonly faults: LocalFaults,
  ) {
    this.redis = new Redis({
      host: config.getOrThrow<string>('REDIS_HOST'),
      port: config.getOrThrow<number>('REDIS_PORT'),
      lazyConnect: false,
      maxRetriesPerRequest: 0,
      // Fail fast while disconnected instead of queueing commands behind a reconnect.
      enableOfflineQueue: false,
    });
    this.redis.on('error', (error) => this.logger.debug({ msg: 'redis error', error: error.message }));
  }

  @Resilient(DEPENDENCIES.CACHE)
  async get(id: string, signal?: AbortSignal): Promise<CatalogueProduct | undefined> {
    await this.faults.apply('cache', signal ?? new AbortController().signal);
    const raw = await this.redis.get(productCacheKey(id));
    return raw ? (JSON.parse(raw) as CatalogueProduct) : undefined;
  }

  @Resilient(DEPENDENCIES.CACHE)
  async put(product: CatalogueProduct, signal?: AbortSignal): Promise<void> {
    await this.faults.apply('cache', signal ?? new AbortController().signal);
    await this.redis.set(productCacheKey(product.id), JSON.stringify(product), 'EX', PRODUCT_CACHE_TTL_SECONDS);
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}
