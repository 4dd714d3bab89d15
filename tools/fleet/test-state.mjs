import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

import { APPS } from './fleet.config.mjs';
import { log } from './log.mjs';

/**
 * A test fleet starting from nothing starts from a clean slate: its databases and the data of its
 * own Redis and Kafka broker are removed, so every e2e run sees the seeded catalogue and empty queues, whatever ran before.
 * Never called for the dev fleet.
 */
export async function resetTestState(root, profile, shared, { kafkaDataDir, redisDataDir }) {
  if (profile.name === 'dev') throw new Error('resetTestState is for test fleets only');
  const require = createRequire(join(root, 'package.json'));
  const databases = APPS.filter((a) => a.database).map((a) => `${profile.databasePrefix}${a.database}`);

  const mysql = require('mysql2/promise');
  const connection = await mysql.createConnection({
    host: shared.MYSQL_HOST ?? '127.0.0.1',
    port: Number(shared.MYSQL_PORT ?? 3306),
    user: shared.MYSQL_USER ?? 'root',
    password: shared.MYSQL_PASSWORD ?? '',
  });
  try {
    // Names come from fleet.config.mjs (identifiers, not user input); they cannot be bound as parameters.
    for (const database of databases) await connection.query(`DROP DATABASE IF EXISTS \`${database}\``);
  } finally {
    await connection.end();
  }

  rmSync(kafkaDataDir, { recursive: true, force: true });
  rmSync(redisDataDir, { recursive: true, force: true });
  log.step(`clean slate for the ${profile.name} fleet: dropped ${databases.join(', ')}; its Redis and Kafka data`);
}
