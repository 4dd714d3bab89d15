import { DynamicModule } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { MetricsService, ReadinessRegistry, storeConnections } from '@shop/platform';

import { getWriteBehindStoreToken } from './write-behind.constants';
import { WriteBehindHealthIndicator } from './write-behind.health';
import { WriteBehindModule } from './write-behind.module';
import type { WriteBehindStore } from './write-behind.store';
import type { WriteBehindTable } from './write-behind.table';

/** One of the shop's services' write-behind stores: what differs between them. */
export interface ServiceStoreOptions<T> {
  /** Store name: Redis keys, Bull queue, `store` metric label, readiness check `write-behind-<name>`. */
  name: string;
  table: WriteBehindTable<T>;
  /** MySQL connections of the store's flush workers. */
  mysqlConnectionLimit: number;
  /** Entries accepted but not yet in MySQL before writes are refused. */
  maxBacklog: number;
}

/**
 * A write-behind store as the shop's services run one: into the service's own database and the
 * fleet's Redis (the standard MYSQL_* and REDIS_* variables, keys prefixed by database), its
 * metrics on the app's registry, and a readiness check that fails only when the store cannot
 * accept writes (backlog full or Redis gone), not for a MySQL outage, which it exists to absorb.
 * Every replica also flushes. Needs `PlatformModule` (config, metrics, readiness).
 */
export function serviceStoreModule<T>({
  name,
  table,
  mysqlConnectionLimit,
  maxBacklog,
}: ServiceStoreOptions<T>): DynamicModule {
  const store = WriteBehindModule.registerAsync<T>({
    name,
    inject: [ConfigService, MetricsService],
    useFactory: (config: ConfigService, metrics: MetricsService) => ({
      table,
      ...storeConnections(config, mysqlConnectionLimit),
      registry: metrics.registry,
      maxBacklog,
    }),
  });
  return {
    ...store,
    providers: [
      ...(store.providers ?? []),
      {
        provide: `${getWriteBehindStoreToken(name)}:readiness`,
        inject: [ReadinessRegistry, WriteBehindHealthIndicator, getWriteBehindStoreToken(name)],
        useFactory: (
          readiness: ReadinessRegistry,
          health: WriteBehindHealthIndicator,
          instance: WriteBehindStore<T>,
        ) => {
          readiness.register(`write-behind-${name}`, () => health.isHealthy(instance));
          return `write-behind-${name}`;
        },
      },
    ],
  };
}
