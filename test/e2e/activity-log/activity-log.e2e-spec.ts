import { gateway } from '../gateway/gateway-client';
import { eventually, processNamed } from '../support/fleet';
import {
  allPages,
  listLogs,
  rowsWithIds,
  stats,
  uniqueMarker,
  untilFlushed,
  untilLogAnswers,
  writeLog,
} from './activity-log-support';

/** Writes one at a time, so the ids (and times) increase in the order given. */
async function writeInOrder(messages: Array<{ level: string; message: string }>): Promise<string[]> {
  const ids: string[] = [];
  for (const m of messages) ids.push(await writeLog(m));
  return ids;
}

beforeAll(() => untilLogAnswers());

describe('activity log: POST /api/logs, GET /api/logs (write-behind into the gateway database)', () => {
  it('answers 202 with the id, and a GET right after returns the entry before any flush (read-your-writes)', async () => {
    const marker = uniqueMarker('ryw');
    const answer = await gateway('/api/logs', {
      method: 'POST',
      body: { level: 'info', message: marker, context: { user: 'u-1', cart: [1, 2] } },
    });
    expect(answer.status).toBe(202);
    expect(answer.body).toEqual({ id: expect.stringMatching(/^[0-9A-Z]{26}$/), accepted: true, pending: true });

    const { items } = await listLogs({ limit: 5 });
    const entry = items.find((e) => e.id === answer.body.id);
    expect(entry).toMatchObject({ level: 'info', message: marker, context: { user: 'u-1', cart: [1, 2] } });
    expect(Date.parse(entry!.createdAt)).toBeGreaterThan(Date.now() - 60_000);
    // A batch waits up to 200 ms, so the entry is normally still pending here; if it already
    // reached MySQL it must say so.
    if (!entry!.pending) expect(await rowsWithIds([entry!.id])).toHaveLength(1);

    await untilFlushed([answer.body.id]);
    const flushed = (await listLogs({ limit: 5 })).items.find((e) => e.id === answer.body.id);
    expect(flushed).toEqual({ ...entry, pending: false });
  });

  it('lands every accepted entry in MySQL exactly once, with the values written', async () => {
    const marker = uniqueMarker('once');
    const levels = ['debug', 'info', 'warn', 'error'] as const;
    // Eight clients at a time: well inside the gateway's rate limit and the route's bulkhead.
    const ids: string[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < 100) {
          const i = next++;
          ids.push(await writeLog({ level: levels[i % 4], message: `${marker} #${i}` }));
        }
      }),
    );
    expect(new Set(ids).size).toBe(100);

    await untilFlushed(ids);
    // Give any duplicate flush a chance to show up before counting.
    await new Promise((r) => setTimeout(r, 1_500));
    const rows = await rowsWithIds(ids);
    expect(rows).toHaveLength(100);
    expect(new Set(rows.map((r) => r.id)).size).toBe(100);
    const byMessage = new Map(rows.map((r) => [r.message, r.level]));
    for (let i = 0; i < 100; i++) expect(byMessage.get(`${marker} #${i}`)).toBe(levels[i % 4]);
  });

  it('filters by level and time and pages newest first with a cursor, over pending and flushed entries alike', async () => {
    const since = new Date(Date.now() - 1).toISOString();
    const marker = uniqueMarker('page');
    const levels = ['info', 'warn', 'info', 'error', 'warn', 'info', 'warn'];
    const ids = await writeInOrder(levels.map((level, i) => ({ level, message: `${marker} ${i}` })));
    const newestFirst = [...ids].reverse();

    const check = async () => {
      const pages = await allPages({ since, limit: 3 });
      expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
      expect(pages.flat().map((e) => e.id)).toEqual(newestFirst);

      const warn = await allPages({ since, level: 'warn', limit: 2 });
      expect(warn.flat().map((e) => e.id)).toEqual(
        newestFirst.filter((_, i) => levels[levels.length - 1 - i] === 'warn'),
      );
      expect(warn.flat().every((e) => e.level === 'warn')).toBe(true);

      // until is inclusive: the 4th entry's own time keeps it (and everything before it).
      const fourth = pages.flat().find((e) => e.id === ids[3])!;
      const upToFourth = await allPages({ since, until: fourth.createdAt, limit: 50 });
      const ours = upToFourth.flat().filter((e) => e.message.startsWith(marker));
      expect(ours.map((e) => e.id)).toEqual(ids.slice(0, 4).reverse());
      expect(upToFourth.flat().every((e) => Date.parse(e.createdAt) <= Date.parse(fourth.createdAt))).toBe(true);

      // since is inclusive too.
      const fromFifth = await listLogs({ since: pages.flat().find((e) => e.id === ids[4])!.createdAt, limit: 50 });
      expect(fromFifth.items.map((e) => e.id)).toEqual(ids.slice(4).reverse());
      expect(fromFifth.nextCursor).toBeNull();
    };

    await check(); // right after writing: some or all still pending in Redis
    await untilFlushed(ids);
    await check(); // all from MySQL
  });

  it.each([
    ['an unknown level', { level: 'fatal', message: 'x' }, 'level'],
    ['a missing level', { message: 'x' }, 'level'],
    ['an empty message', { level: 'info', message: '' }, 'message'],
    ['a message over 2000 characters', { level: 'info', message: 'x'.repeat(2001) }, 'message'],
    ['a context that is not an object', { level: 'info', message: 'x', context: ['a'] }, 'context'],
    ['a context over 8 KB', { level: 'info', message: 'x', context: { blob: 'x'.repeat(9_000) } }, 'context'],
    ['an unknown property', { level: 'info', message: 'x', user: 'u-1' }, 'user'],
  ])('refuses a body with %s: 400 naming the field, nothing stored', async (_what, body, field) => {
    const before = await stats();
    const answer = await gateway('/api/logs', { method: 'POST', body });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ statusCode: 400, field });
    expect((await stats()).written).toBe(before.written);
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=201', 'limit'],
    ['limit=ten', 'limit'],
    ['level=loud', 'level'],
    ['since=yesterday', 'since'],
    ['until=2026-13-45', 'until'],
    ['cursor=not-a-cursor', 'cursor'],
    ['since=2026-11-25T10:00:00Z&until=2026-11-25T09:00:00Z', 'since'],
    ['page=2', 'page'],
  ])('refuses the query %s: 400 naming %s', async (query, field) => {
    const answer = await gateway(`/api/logs?${query}`, { admin: true });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ statusCode: 400, field });
  });

  it('defaults to 50 entries a page and accepts up to 200', async () => {
    expect((await listLogs({})).items.length).toBeLessThanOrEqual(50);
    expect((await listLogs({})).items.length).toBeGreaterThan(0);
    const answer = await gateway('/api/logs?limit=200', { admin: true });
    expect(answer.status).toBe(200);
  });
});

describe('activity log: stats, readiness and metrics', () => {
  it('stats count the writes, then show them flushed with no backlog and no lag', async () => {
    const before = await stats();
    const marker = uniqueMarker('stats');
    const ids = await writeInOrder(
      Array.from({ length: 10 }, (_, i) => ({ level: 'info', message: `${marker} ${i}` })),
    );
    const right = await stats();
    expect(right.written - before.written).toBe(10);

    await untilFlushed(ids);
    const after = await eventually('the backlog to drain', async () => {
      const s = await stats();
      return s.pending === 0 ? s : undefined;
    });
    expect(after.flushed - before.flushed).toBeGreaterThanOrEqual(10);
    expect(after.batches).toBeGreaterThan(before.batches);
    expect(after.averageBatchSize).toBeGreaterThanOrEqual(1);
    expect(after.lagSeconds).toBe(0);
    expect(after).toMatchObject({ failed: before.failed, deadLettered: 0, deadLetters: 0, mysqlPaused: false });
  });

  it('readiness includes the store, and /metrics its write_behind_* series', async () => {
    const ready = await gateway<{ details: Record<string, { status: string; backlog?: number }> }>('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.details['write-behind-activity-logs']).toMatchObject({ status: 'up', maxBacklog: 100_000 });
    expect(ready.body.details.mysql.status).toBe('up');

    const text = await (await fetch(`http://127.0.0.1:${processNamed('gateway').port}/metrics`)).text();
    for (const series of [
      'write_behind_accepted_total',
      'write_behind_flushed_total',
      'write_behind_flush_batch_size_count',
      'write_behind_pending',
      'write_behind_lag_seconds',
    ]) {
      expect(text).toMatch(new RegExp(`^${series}\\{store="activity-logs"\\} \\d`, 'm'));
    }
  });
});
