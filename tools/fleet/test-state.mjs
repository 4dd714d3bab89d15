import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

import { APPS } from './fleet.config.mjs';
import { log } from './log.mjs';

/**
 * A test fleet starting from nothing starts from a clean slate: its databases, its Redis keys
 * (Bull queues and write-behind entries are prefixed with the database name) and its Kafka data
 * are removed, so every e2e run sees the seeded catalogue and empty queues, whatever ran before.
 * Never called for the dev fleet.
 */
export async function resetTestState(root, profile, shared, kafkaDataDir) {
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

  const Redis = require('ioredis');
  const redis = new Redis({
    host: shared.REDIS_HOST ?? '127.0.0.1',
    port: Number(shared.REDIS_PORT ?? 6379),
    lazyConnect: true,
  });
  await redis.connect();
  let removed = 0;
  try {
    for (const database of databases) {
      for (const pattern of [`bull:${database}:*`, `wb:${database}:*`]) {
        let cursor = '0';
        do {
          const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
          cursor = next;
          if (keys.length > 0) removed += await redis.del(...keys);
        } while (cursor !== '0');
      }
    }
  } finally {
    redis.disconnect();
  }

  rmSync(kafkaDataDir, { recursive: true, force: true });
  log.step(
    `clean slate for the ${profile.name} fleet: dropped ${databases.join(', ')}; ${removed} Redis keys; Kafka data`,
  );
}
