import { ConfigService } from '@nestjs/config';

/**
 * The app's MySQL and Redis settings, from the standard variables, for libraries that open their
 * own connections (write-behind stores), plus a Redis key prefix: several fleets (dev, e2e,
 * e2e-b…) may share one Redis, and the database name keeps their keys apart.
 */
export function storeConnections(config: ConfigService, mysqlConnectionLimit: number) {
  const database = config.getOrThrow<string>('MYSQL_DATABASE');
  return {
    redis: { host: config.getOrThrow<string>('REDIS_HOST'), port: config.getOrThrow<number>('REDIS_PORT') },
    mysql: {
      host: config.getOrThrow<string>('MYSQL_HOST'),
      port: config.getOrThrow<number>('MYSQL_PORT'),
      user: config.getOrThrow<string>('MYSQL_USER'),
      password: config.get<string>('MYSQL_PASSWORD') ?? '',
      database,
      connectionLimit: mysqlConnectionLimit,
      timezone: 'Z',
    },
    keyPrefix: `wb:${database}`,
  };
}
