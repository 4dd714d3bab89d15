import { DynamicModule, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSourceOptions } from 'typeorm';

import { ensureDatabase } from './ensure-database';

export interface DatabaseOptions {
  // TypeORM's own types: entity classes and migration classes of the app.
  entities: NonNullable<DataSourceOptions['entities']>;
  migrations: NonNullable<DataSourceOptions['migrations']>;
  /** Pool size; the reports connection of `orders` uses 1 so a heavy report never starves writes. */
  poolSize?: number;
}

/**
 * The app's own MySQL database through TypeORM and mysql2. Schema changes only through
 * migrations, run at start-up (never `synchronize`), so every environment gets the same DDL.
 */
@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseOptions): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [ConfigService],
          useFactory: async (config: ConfigService) => {
            const target = {
              host: config.getOrThrow<string>('MYSQL_HOST'),
              port: config.getOrThrow<number>('MYSQL_PORT'),
              user: config.getOrThrow<string>('MYSQL_USER'),
              password: config.get<string>('MYSQL_PASSWORD') ?? '',
              database: config.getOrThrow<string>('MYSQL_DATABASE'),
            };
            await ensureDatabase(target);
            return {
              type: 'mysql' as const,
              connectorPackage: 'mysql2' as const,
              ...target,
              username: target.user,
              entities: options.entities,
              migrations: options.migrations,
              migrationsRun: true,
              migrationsTransactionMode: 'each' as const,
              synchronize: false,
              poolSize: options.poolSize ?? 10,
              retryAttempts: 3,
              retryDelay: 1000,
            };
          },
        }),
      ],
    };
  }
}
