import { RowDataPacket } from 'mysql2/promise';

import { gateway } from '../gateway/gateway-client';
import { eventually, processNamed } from '../support/fleet';
import {
  gatewayDatabase,
  listLogs,
  rowsWithIds,
  stats,
  uniqueMarker,
  untilFlushed,
  untilLogAnswers,
  writeLog,
} from './activity-log-support';

// MySQL stops taking the activity log's writes without touching anything else on the shared
// server: a session holds `LOCK TABLES activity_logs READ` (flush INSERTs wait, SELECTs still
// work), and the waiting flush connections are killed, which is what the workers see when MySQL
// goes away mid-statement. Unlocking is MySQL coming back.
describe('activity log while MySQL does not take writes', () => {
  beforeAll(() => untilLogAnswers());

  it('keeps accepting and serving entries, then lands each exactly once when MySQL is back, with no dead letters', async () => {
    const database = processNamed('gateway').env.MYSQL_DATABASE;
    const lock = await gatewayDatabase();
    const before = await stats();
    const marker = uniqueMarker('outage');
    const ids: string[] = [];
    try {
      await lock.query('LOCK TABLES activity_logs READ');
      for (let i = 0; i < 30; i++) {
        const started = Date.now();
        ids.push(await writeLog({ level: 'warn', message: `${marker} ${i}` }));
        // Writes never wait for MySQL (generous bound: a slow CI machine, not a flush).
        expect(Date.now() - started).toBeLessThan(2_000);
      }

      // A flush is stuck behind the lock: cut its connection, as an outage would.
      const killed = await eventually('a flush INSERT waiting on the lock', async () => {
        const [waiting] = await lock.query<RowDataPacket[]>(
          "SELECT ID FROM information_schema.PROCESSLIST WHERE DB = ? AND INFO LIKE 'INSERT INTO `activity_logs`%'",
          [database],
        );
        if (waiting.length === 0) return undefined;
        for (const row of waiting) await lock.query(`KILL ${Number(row.ID)}`);
        return waiting.length;
      });
      expect(killed).toBeGreaterThan(0);

      // Still readable (pending entries from Redis, the rest from MySQL) and ready.
      const page = await listLogs({ level: 'warn', limit: 50 });
      const ours = page.items.filter((e) => e.message.startsWith(marker));
      expect(ours).toHaveLength(30);
      expect(ours.every((e) => e.pending)).toBe(true);
      // The killed statement counts as a failed flush attempt, not as a rejection of the rows.
      const during = await eventually('the failed flush to be counted', async () => {
        const s = await stats();
        return s.failed > before.failed ? s : undefined;
      });
      expect(during.pending).toBeGreaterThanOrEqual(30);
      expect(during.deadLetters).toBe(0);
      const ready = await gateway<{ details: Record<string, { status: string }> }>('/health/ready');
      expect(ready.body.details['write-behind-activity-logs'].status).toBe('up');
      expect(await rowsWithIds(ids)).toHaveLength(0);
    } finally {
      await lock.query('UNLOCK TABLES').catch(() => undefined);
      await lock.end();
    }

    await untilFlushed(ids, 30_000);
    const rows = await rowsWithIds(ids);
    expect(new Set(rows.map((r) => r.id)).size).toBe(30);
    const after = await eventually('the backlog to drain', async () => {
      const s = await stats();
      return s.pending === 0 ? s : undefined;
    });
    expect(after.deadLetters).toBe(0);
    expect(after.deadLettered).toBe(before.deadLettered);
  });
});
