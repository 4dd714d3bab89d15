import 'reflect-metadata';

import { ConfigService } from '@nestjs/config';
import { MetricsService, PlatformOptions } from '@shop/platform';
import { createPrivateDatabase, PrivateDatabase } from '@shop/platform/testing';
import { DataSource } from 'typeorm';

import { enqueueMessage, OutboxRelay } from './outbox.relay';
import { OUTBOX_MIGRATIONS } from './outbox-migrations';

/** The relay's fast path and safety net against a real MariaDB, with a recording stand-in for Kafka. */

let db: PrivateDatabase;
let dataSource: DataSource;
let relay: OutboxRelay;
const sent: { topic: string; value: string; headers: Record<string, string> }[] = [];
let failSends = false;

const fakeProducer = {
  events: { DISCONNECT: 'producer.disconnect' },
  on: () => () => undefined,
  connect: () => Promise.resolve(),
  disconnect: () => Promise.resolve(),
  sendBatch: ({
    topicMessages,
  }: {
    topicMessages: { topic: string; messages: { value: string; headers: Record<string, string> }[] }[];
  }) => {
    if (failSends) return Promise.reject(new Error('broker down'));
    for (const { topic, messages } of topicMessages)
      for (const m of messages) sent.push({ topic, value: m.value, headers: m.headers });
    return Promise.resolve([]);
  },
};

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const outboxSize = async (): Promise<number> =>
  Number((await dataSource.query<{ n: string }[]>('SELECT COUNT(*) AS n FROM outbox'))[0].n);

beforeAll(async () => {
  db = await createPrivateDatabase('it_outbox_relay', OUTBOX_MIGRATIONS, 4);
  dataSource = db.dataSource;
  relay = new OutboxRelay(dataSource, new MetricsService(), new ConfigService({ KAFKA_BROKERS: '127.0.0.1:1' }), {
    service: 'orders',
  } as PlatformOptions);
  Object.assign(relay, { producer: fakeProducer });
  await relay.onApplicationBootstrap();
});

afterAll(async () => {
  await relay?.onApplicationShutdown();
  await db?.dispose();
});

beforeEach(() => {
  sent.length = 0;
  failSends = false;
});

describe('OutboxRelay (MariaDB)', () => {
  it('publishes a transaction’s messages when it commits, in order, and then deletes their rows', async () => {
    await dataSource.transaction(async (m) => {
      await enqueueMessage(m, { topic: 't', key: 'k', payload: { n: 1 } });
      await enqueueMessage(m, { topic: 't', key: 'k', payload: { n: 2 } });
      // Not before the commit: the state that explains them is not visible yet.
      await new Promise((r) => setTimeout(r, 100));
      expect(sent).toEqual([]);
    });
    await eventually('both published', async () => (sent.length === 2 ? true : undefined), 1_000);
    expect(sent.map((s) => JSON.parse(s.value) as { n: number })).toEqual([{ n: 1 }, { n: 2 }]);
    await eventually('rows deleted', async () => ((await outboxSize()) === 0 ? true : undefined), 2_000);
  });

  it('publishes nothing of a transaction that rolls back', async () => {
    await expect(
      dataSource.transaction(async (m) => {
        await enqueueMessage(m, { topic: 't', key: 'k', payload: { n: 3 } });
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    await new Promise((r) => setTimeout(r, 500));
    expect(sent).toEqual([]);
    expect(await outboxSize()).toBe(0);
  });

  it('the poll publishes rows the fast path left: a dead writer’s, and those whose publish failed', async () => {
    // A row written by a process that died before publishing (committed, never handed over).
    await dataSource.query(
      "INSERT INTO outbox (topic, message_key, payload, created_at) VALUES ('t', 'k', '{\"n\":4}', NOW(3) - INTERVAL 10 SECOND)",
    );
    failSends = true;
    await dataSource.transaction((m) => enqueueMessage(m, { topic: 't', key: 'k', payload: { n: 5 } }));
    await new Promise((r) => setTimeout(r, 200));
    failSends = false;
    const values = await eventually(
      'the orphans published',
      async () => (sent.length >= 2 ? sent.map((s) => JSON.parse(s.value) as { n: number }) : undefined),
      10_000,
    );
    expect(values).toEqual([{ n: 4 }, { n: 5 }]);
    await eventually('rows deleted', async () => ((await outboxSize()) === 0 ? true : undefined), 2_000);
  });

  it('a message’s deadline travels in its x-deadline header, from the fast path and from the poll alike', async () => {
    const deadlineAt = new Date(Date.now() + 60_000);
    await dataSource.transaction(async (m) => {
      await enqueueMessage(m, { topic: 't', key: 'fast', payload: { n: 6 }, deadlineAt });
      await enqueueMessage(m, { topic: 't', key: 'fast', payload: { n: 7 } });
    });
    failSends = true;
    await dataSource.transaction((m) =>
      enqueueMessage(m, { topic: 't', key: 'polled', payload: { n: 8 }, deadlineAt }),
    );
    await new Promise((r) => setTimeout(r, 200));
    failSends = false;
    const headers = await eventually('all three published', async () =>
      sent.length >= 3
        ? Object.fromEntries(sent.map((s) => [(JSON.parse(s.value) as { n: number }).n, s.headers['x-deadline']]))
        : undefined,
    );
    expect(headers).toEqual({ 6: String(deadlineAt.getTime()), 7: undefined, 8: String(deadlineAt.getTime()) });
  });
});
