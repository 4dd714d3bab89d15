import 'reflect-metadata';

import { ConfigService } from '@nestjs/config';
import { createPrivateDatabase, PrivateDatabase } from '@shop/platform/testing';
import { DataSource } from 'typeorm';

import { recordIncomingMessage } from './inbox';
import { ProcessedMessages1732500000000 } from './inbox.migration';
import { InboxPruner } from './inbox.pruner';
import { ProcessedMessagesByTime1732500000001 } from './inbox-by-time.migration';

/** The inbox pruner against a real MariaDB (a private database per run). */

let db: PrivateDatabase;
let dataSource: DataSource;

const pruner = (retentionHours: number) =>
  new InboxPruner(dataSource, new ConfigService({ INBOX_RETENTION_HOURS: retentionHours }));
const ids = async (): Promise<string[]> =>
  (
    await dataSource.query<{ message_id: string }[]>('SELECT message_id FROM processed_messages ORDER BY message_id')
  ).map((r) => r.message_id);

beforeAll(async () => {
  db = await createPrivateDatabase(
    'it_inbox_pruner',
    [ProcessedMessages1732500000000, ProcessedMessagesByTime1732500000001],
    2,
  );
  dataSource = db.dataSource;
});

afterAll(() => db?.dispose());

describe('InboxPruner (MariaDB)', () => {
  it('deletes ids consumed before the retention window, in batches, and keeps the recent ones deduplicating', async () => {
    // 12 000 ids consumed 15 days ago (more than two batches), two 13 days ago, one just now.
    await dataSource.query(
      `INSERT INTO processed_messages (message_id, topic, processed_at)
       SELECT CONCAT('old-', seq), 't', NOW(3) - INTERVAL 15 DAY FROM seq_1_to_12000`,
    );
    await dataSource.query(
      "INSERT INTO processed_messages (message_id, topic, processed_at) VALUES ('recent-1', 't', NOW(3) - INTERVAL 13 DAY), ('recent-2', 't', NOW(3) - INTERVAL 13 DAY)",
    );
    await dataSource.transaction((manager) => recordIncomingMessage(manager, 'now-1', 't'));

    expect(await pruner(14 * 24).prune()).toBe(12_000);
    expect(await ids()).toEqual(['now-1', 'recent-1', 'recent-2']);
    // Inside the window a redelivery is still recognised.
    expect(await dataSource.transaction((manager) => recordIncomingMessage(manager, 'recent-1', 't'))).toBe(false);
    // A shorter window takes the 13-day-old ids too; a second run finds nothing.
    expect(await pruner(24).prune()).toBe(2);
    expect(await pruner(24).prune()).toBe(0);
    expect(await ids()).toEqual(['now-1']);
  });

  it('uses the index on processed_at, not a scan of the whole inbox', async () => {
    const plan = await dataSource.query<{ key: string | null }[]>(
      'EXPLAIN SELECT message_id FROM processed_messages WHERE processed_at < NOW(3) - INTERVAL 1 HOUR ORDER BY processed_at LIMIT 10',
    );
    expect(plan[0].key).toBe('processed_messages_processed_at');
  });
});
