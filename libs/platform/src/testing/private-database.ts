import { randomBytes } from 'node:crypto';

import { createConnection } from 'mysql2/promise';
import { DataSource, MigrationInterface } from 'typeorm';

/** MySQL connection settings of the machine's server, for integration tests (MYSQL_* or the local defaults). */
export function testMysqlOptions(): { host: string; port: number; user: string; password: string } {
  return {
    host: process.env.MYSQL_HOST ?? '127.0.0.1',
    port: Number(process.env.MYSQL_PORT ?? 3306),
    user: process.env.MYSQL_USER ?? 'root',
    password: process.env.MYSQL_PASSWORD ?? '',
  };
}

/** A database of one integration suite, migrated and ready; `dispose()` drops it. */
export interface PrivateDatabase {
  /** `<prefix>_<random hex>`. */
  readonly name: string;
  readonly dataSource: DataSource;
  dispose(): Promise<void>;
}

/**
 * Creates a database of its own for an integration suite on the real server, runs `migrations`
 * and returns a TypeORM DataSource on it, so suites never see each other's rows and can run
 * while a fleet uses the same server.
 */
export async function createPrivateDatabase(
  prefix: string,
  migrations: (new () => MigrationInterface)[],
  poolSize = 4,
): Promise<PrivateDatabase> {
  const mysql = testMysqlOptions();
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = await createConnection(mysql);
  await admin.query(`CREATE DATABASE \`${name}\``);
  await admin.end();
  const dataSource = new DataSource({
    type: 'mysql',
    connectorPackage: 'mysql2',
    ...mysql,
    username: mysql.user,
    database: name,
    migrations,
    poolSize,
  });
  await dataSource.initialize();
  await dataSource.runMigrations();
  return {
    name,
    dataSource,
    async dispose() {
      await dataSource.query(`DROP DATABASE IF EXISTS \`${name}\``).catch(() => undefined);
      await dataSource.destroy();
    },
  };
}
