import { createConnection } from 'mysql2/promise';

export interface MysqlTarget {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

/**
 * Creates the service's own database if it does not exist yet; TypeORM migrations then create its
 * tables. The name is validated as a plain identifier by the env schema before it gets here, and
 * is quoted as an identifier (database names cannot be bound as parameters).
 */
export async function ensureDatabase(target: MysqlTarget): Promise<void> {
  if (!/^[a-z][a-z0-9_]{0,63}$/.test(target.database)) throw new Error(`Invalid database name: ${target.database}`);
  const connection = await createConnection({
    host: target.host,
    port: target.port,
    user: target.user,
    password: target.password,
    connectTimeout: 5000,
  });
  try {
    await connection.query(
      `CREATE DATABASE IF NOT EXISTS \`${target.database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
  } finally {
    await connection.end();
  }
}
