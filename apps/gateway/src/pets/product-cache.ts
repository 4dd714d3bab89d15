import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DEPENDENCIES } from '@shop/contracts';
import { Resilient } from '@shop/resilience/nest';
import Redis from 'ioredis';

import { LocalFaults } from '../admin/faults/local-faults';
import { lastKnownProductKey, PRODUCT_CACHE_TTL_SECONDS, productCacheKey } from './pets.constants';
import { parseSnapshot, ProductSnapshot } from './product-snapshot';

/**
 * Products in Redis, through dependency `cache` (50 ms budget, no breaker: a cache that is slow
 * or down must cost at most its timeout, and a miss just asks inventory). Faults injected
 * for `cache` act inside that budget. Two copies of each product inventory answered: the fresh
 * one, which expires after PRODUCT_CACHE_TTL_SECONDS and spares inventory the reads, and the
 * last-known one, which never expires and answers only when inventory cannot.
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

  /** The fresh copy, if one is younger than the TTL. */
  @Resilient(DEPENDENCIES.CACHE)
  async fresh(id: string, signal?: AbortSignal): Promise<ProductSnapshot | undefined> {
    await this.faults.apply('cache', signal ?? new AbortController().signal);
    return parseSnapshot(await this.redis.get(productCacheKey(id)));
  }

  /** The last copy inventory answered, however old. */
  @Resilient(DEPENDENCIES.CACHE)
  async lastKnown(id: string, signal?: AbortSignal): Promise<ProductSnapshot | undefined> {
    await this.faults.apply('cache', signal ?? new AbortController().signal);
    return parseSnapshot(await this.redis.get(lastKnownProductKey(id)));
  }

  /** Keeps inventory's answer as both copies, in one round trip. */
  @Resilient(DEPENDENCIES.CACHE)
  async remember(snapshot: ProductSnapshot, signal?: AbortSignal): Promise<void> {
    await this.faults.apply('cache', signal ?? new AbortController().signal);
    const value = JSON.stringify(snapshot);
    const id = snapshot.product.id;
    const results = await this.redis
      .multi()
      .set(productCacheKey(id), value, 'EX', PRODUCT_CACHE_TTL_SECONDS)
      .set(lastKnownProductKey(id), value)
      .exec();
    const failed = results?.find(([error]) => error)?.[0];
    if (failed) throw failed;
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}
