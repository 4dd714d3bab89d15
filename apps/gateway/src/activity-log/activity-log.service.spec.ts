import { MetricsService } from '@shop/platform';
import {
  EntryIdGenerator,
  entryIdTime,
  QueryOptions,
  StoredRecord,
  WriteBehindMetrics,
  WriteBehindStore,
} from '@shop/write-behind';
import { Registry } from 'prom-client';

import { FieldValidationException } from '../common/validation';
import { ActivityLogService } from './activity-log.service';
import { ActivityLogEntry } from './activity-log.table';

const T0 = Date.UTC(2026, 10, 25, 9, 0, 0);

/** A store double: records made at T0 + i seconds, newest first by id, like WriteBehindStore.query. */
function fakeStore(count: number) {
  const records: StoredRecord<ActivityLogEntry>[] = Array.from({ length: count }, (_, i) => {
    const id = new EntryIdGenerator(() => T0 + i * 1_000).next();
    return {
      id,
      version: i + 1,
      pending: i % 2 === 0,
      value: {
        level: i % 2 ? 'warn' : 'info',
        message: `m${i}`,
        context: null,
        createdAt: new Date(T0 + i * 1_000).toISOString(),
      },
    };
  });
  const queries: QueryOptions[] = [];
  const writes: Array<{ value: ActivityLogEntry; id?: string }> = [];
  const store = {
    name: 'activity-logs',
    async write(value: ActivityLogEntry, options: { id?: string } = {}) {
      writes.push({ value, id: options.id });
      return { id: options.id!, entryId: options.id!, version: 1, accepted: true as const };
    },
    async query(options: QueryOptions) {
      queries.push(options);
      const limit = options.limit ?? 50;
      const items = records
        .filter(
          (r) =>
            (options.cursor === undefined || r.id < options.cursor) &&
            (!options.where?.level || r.value.level === options.where.level),
        )
        .sort((a, b) => (a.id < b.id ? 1 : -1))
        .slice(0, limit);
      return { items, nextCursor: items.length === limit ? items[items.length - 1].id : null };
    },
    async stats() {
      return {
        backlog: 3,
        maxBacklog: 100,
        lagSeconds: 0.1234,
        inFlight: 0,
        retrying: 0,
        deadLetters: 1,
        mysqlPaused: false,
      };
    },
  };
  const registry = new Registry();
  const service = new ActivityLogService(
    store as unknown as WriteBehindStore<ActivityLogEntry>,
    { registry } as MetricsService,
  );
  return { service, queries, writes, records, registry };
}

describe('ActivityLogService', () => {
  it('writes with its own ULID whose time is the entry’s createdAt', async () => {
    const { service, writes } = fakeStore(0);
    const accepted = await service.record({ level: 'info', message: 'hi' });
    expect(accepted).toEqual({ id: writes[0].id, accepted: true, pending: true });
    expect(writes[0].value).toEqual({ level: 'info', message: 'hi', context: null, createdAt: expect.any(String) });
    expect(Date.parse(writes[0].value.createdAt)).toBe(entryIdTime(accepted.id));
  });

  it('pages newest first and passes the level filter to the store', async () => {
    const { service, queries } = fakeStore(5);
    const first = await service.list({ level: 'warn', limit: 1 });
    expect(queries[0]).toEqual({ where: { level: 'warn' }, limit: 1, cursor: undefined });
    expect(first.items.map((e) => e.message)).toEqual(['m3']);
    const second = await service.list({ level: 'warn', limit: 1, cursor: first.nextCursor! });
    expect(second.items.map((e) => e.message)).toEqual(['m1']);
  });

  it('applies since and until inclusively and ends the pages at since', async () => {
    const { service } = fakeStore(10);
    const page = await service.list({
      since: new Date(T0 + 3_000).toISOString(),
      until: new Date(T0 + 6_000).toISOString(),
      limit: 10,
    });
    expect(page.items.map((e) => e.message)).toEqual(['m6', 'm5', 'm4', 'm3']);
    expect(page.nextCursor).toBeNull();
  });

  it('keeps the cursor when a full page is still inside since', async () => {
    const { service } = fakeStore(10);
    const page = await service.list({ since: new Date(T0).toISOString(), limit: 4 });
    expect(page.items.map((e) => e.message)).toEqual(['m9', 'm8', 'm7', 'm6']);
    expect(page.nextCursor).toBe(page.items[3].id);
  });

  it('refuses since after until, naming since', async () => {
    const { service } = fakeStore(0);
    await expect(service.list({ since: '2026-11-25T10:00:00Z', until: '2026-11-25T09:00:00Z' })).rejects.toMatchObject({
      field: 'since',
    });
    await expect(service.list({ since: '2026-11-25T10:00:00Z', until: '2026-11-25T09:00:00Z' })).rejects.toBeInstanceOf(
      FieldValidationException,
    );
  });

  it('reports counters of this process and the store’s global backlog, lag and dead letters', async () => {
    const { service, registry } = fakeStore(0);
    const metrics = WriteBehindMetrics.for(registry);
    metrics.accepted.inc({ store: 'activity-logs' }, 12);
    metrics.accepted.inc({ store: 'another-store' }, 99);
    metrics.flushed.inc({ store: 'activity-logs' }, 9);
    metrics.batchSize.observe({ store: 'activity-logs' }, 4);
    metrics.batchSize.observe({ store: 'activity-logs' }, 5);
    expect(await service.stats()).toEqual({
      written: 12,
      pending: 3,
      flushed: 9,
      failed: 0,
      deadLettered: 0,
      deadLetters: 1,
      batches: 2,
      averageBatchSize: 4.5,
      lagSeconds: 0.123,
      mysqlPaused: false,
    });
  });
});
