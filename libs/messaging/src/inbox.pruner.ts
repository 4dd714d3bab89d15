import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';

import { DEFAULT_INBOX_RETENTION_HOURS } from './inbox.env';

const PRUNE_INTERVAL_MS = 60 * 60 * 1_000;
const FIRST_PRUNE_AFTER_MS = 60 * 1_000;
// Rows per DELETE: short statements, so pruning never holds locks a consumer would wait for.
const PRUNE_BATCH = 5_000;

/**
 * Keeps the inbox (`processed_messages`) from growing forever: once an hour it deletes the ids
 * of messages consumed more than INBOX_RETENTION_HOURS ago (default 14 days, twice Kafka's
 * default topic retention), in small batches. Ids inside the window still deduplicate
 * redeliveries; the window only has to outlast the time a message can be redelivered.
 * Every replica may prune: the deletes are idempotent.
 */
@Injectable()
export class InboxPruner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(InboxPruner.name);
  private readonly retentionHours: number;
  private timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly dataSource: DataSource,
    config: ConfigService,
  ) {
    this.retentionHours = config.get<number>('INBOX_RETENTION_HOURS') ?? DEFAULT_INBOX_RETENTION_HOURS;
  }

  onApplicationBootstrap(): void {
    const run = () =>
      void this.prune().catch((error: Error) =>
        this.logger.warn({ msg: 'inbox pruning failed; next try in an hour', error: error.message }),
      );
    this.timers = [setTimeout(run, FIRST_PRUNE_AFTER_MS), setInterval(run, PRUNE_INTERVAL_MS)];
    this.timers.forEach((timer) => timer.unref());
  }

  onApplicationShutdown(): void {
    this.timers.forEach((timer) => clearTimeout(timer));
  }

  /** Deletes expired ids (by the database's clock, which also stamped them); returns how many. */
  async prune(): Promise<number> {
    let deleted = 0;
    for (;;) {
      const result = await this.dataSource.query<{ affectedRows: number }>(
        'DELETE FROM processed_messages WHERE processed_at < NOW(3) - INTERVAL ? HOUR ORDER BY processed_at LIMIT ?',
        [this.retentionHours, PRUNE_BATCH],
      );
      deleted += result.affectedRows;
      if (result.affectedRows < PRUNE_BATCH) break;
    }
    if (deleted > 0) this.logger.log({ msg: 'inbox pruned', deleted, retentionHours: this.retentionHours });
    return deleted;
  }
}
