import Redis from 'ioredis';

import { gateway } from '../gateway/gateway-client';
import { eventually, fleetCli, pidOf, processNamed } from '../support/fleet';
import {
  gatewayDatabase,
  rowsWithIds,
  stats,
  uniqueMarker,
  untilFlushed,
  untilLogAnswers,
  writeLog,
} from './activity-log-support';

/** The fleet's own Redis, as the gateway is configured to reach it. */
function fleetRedis(): Redis {
  const { REDIS_HOST, REDIS_PORT } = processNamed('gateway').env;
  return new Redis({ host: REDIS_HOST, port: Number(REDIS_PORT), lazyConnect: true, maxRetriesPerRequest: 1 });
}

describe('the fleet’s Redis', () => {
  beforeAll(() => untilLogAnswers());

  it('is a Redis of the fleet’s own, with the append-only file on and fsynced every second', async () => {
    const { REDIS_PORT } = processNamed('gateway').env;
    expect(REDIS_PORT).not.toBe('6379');
    expect(pidOf('redis')).toBeDefined();
    const redis = fleetRedis();
    try {
      await redis.connect();
      expect(await redis.config('GET', 'appendonly')).toEqual(['appendonly', 'yes']);
      expect(await redis.config('GET', 'appendfsync')).toEqual(['appendfsync', 'everysec']);
    } finally {
      redis.disconnect();
    }
  });

  // MySQL holds the flushes (LOCK TABLES … READ), so the accepted entries exist only in Redis
  // when it is killed; without the AOF they would be gone when it comes back.
  it('keeps entries answered 202 through a SIGKILL, and `npm start` brings the dead Redis back', async () => {
    const lock = await gatewayDatabase();
    const marker = uniqueMarker('redis-kill');
    const ids: string[] = [];
    try {
      await lock.query('LOCK TABLES activity_logs READ');
      for (let i = 0; i < 30; i++) ids.push(await writeLog({ level: 'info', message: `${marker} ${i}` }));
      expect(await rowsWithIds(ids)).toHaveLength(0);

      const pid = pidOf('redis')!;
      process.kill(pid, 'SIGKILL');
      await eventually('Redis to be dead', async () => (pidOf('redis') === undefined ? true : undefined));
      // The fleet's apps still run; start must see the dead Redis and start it again.
      await fleetCli('start');
      expect(pidOf('redis')).toBeDefined();
      expect(pidOf('redis')).not.toBe(pid);
    } finally {
      await lock.query('UNLOCK TABLES').catch(() => undefined);
      await lock.end();
    }

    await untilFlushed(ids, 60_000);
    const rows = await rowsWithIds(ids);
    expect(rows).toHaveLength(30);
    expect(new Set(rows.map((r) => r.id)).size).toBe(30);
    const after = await eventually('the backlog to drain', async () => {
      const s = await stats();
      return s.pending === 0 ? s : undefined;
    });
    expect(after.deadLetters).toBe(0);
    const ready = await gateway('/health/ready');
    expect(ready.status).toBe(200);
  });
});
