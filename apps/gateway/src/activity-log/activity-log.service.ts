import { Injectable, ServiceUnavailableException } from '@nestjs/common';
import { isTransientMysqlError, MetricsService } from '@shop/platform';
import {
  EntryIdGenerator,
  entryIdTime,
  InjectWriteBehindStore,
  WriteBehindMetrics,
  WriteBehindStore,
} from '@shop/write-behind';

import { FieldValidationException } from '../common/validation';
import { ACTIVITY_LOG_STORE, DEFAULT_PAGE_SIZE } from './activity-log.constants';
import { ActivityLogEntry } from './activity-log.table';
import { CreateLogEntryDto } from './dto/create-log-entry.dto';
import { ListLogsQuery } from './dto/list-logs.query';
import { LogAccepted, LogPage, LogStats, toLogEntryView } from './dto/log-entry.view';
import { idRange } from './log-id-range';

/**
 * The activity log: entries are answered from Redis at once and reach MySQL in batches
 * (see libs/write-behind/README.md for what survives which failure).
 */
@Injectable()
export class ActivityLogService {
  // Ids are made here, not by the store, so that the id's time and `createdAt` are one value:
  // a time filter is then exactly an id range. ULIDs from different replicas never collide.
  private readonly ids = new EntryIdGenerator();

  constructor(
    @InjectWriteBehindStore(ACTIVITY_LOG_STORE) private readonly store: WriteBehindStore<ActivityLogEntry>,
    private readonly metrics: MetricsService,
  ) {}

  /** Stores an entry in Redis; it is readable at once and flushed to MySQL shortly after. */
  async record(input: CreateLogEntryDto): Promise<LogAccepted> {
    const id = this.ids.next();
    const entry: ActivityLogEntry = {
      level: input.level,
      message: input.message,
      context: input.context ?? null,
      createdAt: new Date(entryIdTime(id)).toISOString(),
    };
    // BacklogFullError (MySQL has been away too long) propagates: the filter answers 503.
    await this.store.write(entry, { id });
    return { id, accepted: true, pending: true };
  }

  /** Newest first, pending entries included; filters are applied to pending entries too. */
  async list(query: ListLogsQuery): Promise<LogPage> {
    const since = query.since === undefined ? undefined : Date.parse(query.since);
    const until = query.until === undefined ? undefined : Date.parse(query.until);
    if (since !== undefined && until !== undefined && since > until) {
      throw new FieldValidationException('since', 'since must not be after until');
    }
    const { before, atLeast } = idRange({ since, until, cursor: query.cursor });
    let page;
    try {
      page = await this.store.query({
        where: query.level ? { level: query.level } : {},
        limit: query.limit ?? DEFAULT_PAGE_SIZE,
        cursor: before,
      });
    } catch (error) {
      // Reading merges Redis with MySQL, so it needs MySQL; writes keep working meanwhile.
      if (isTransientMysqlError(error)) {
        throw new ServiceUnavailableException(
          'The activity log cannot be read while its database is unreachable; writes are still accepted',
        );
      }
      throw error;
    }
    // Newest first: once one entry is older than `since`, every later one is too.
    const items = atLeast === undefined ? page.items : page.items.filter((record) => record.id >= atLeast);
    return {
      items: items.map(toLogEntryView),
      nextCursor: items.length < page.items.length ? null : page.nextCursor,
    };
  }

  async stats(): Promise<LogStats> {
    const store = await this.store.stats();
    const counters = WriteBehindMetrics.for(this.metrics.registry);
    const label = { store: ACTIVITY_LOG_STORE };
    const [written, flushed, failed, deadLettered, batches] = await Promise.all([
      counterValue(counters.accepted, label),
      counterValue(counters.flushed, label),
      counterValue(counters.failed, label),
      counterValue(counters.deadLettered, label),
      counters.batchSize.get(),
    ]);
    const ofStore = batches.values.filter((v) => v.labels.store === ACTIVITY_LOG_STORE);
    const batchCount = ofStore.find((v) => v.metricName?.endsWith('_count'))?.value ?? 0;
    const batchSum = ofStore.find((v) => v.metricName?.endsWith('_sum'))?.value ?? 0;
    return {
      written,
      pending: store.backlog,
      flushed,
      failed,
      deadLettered,
      deadLetters: store.deadLetters,
      batches: batchCount,
      averageBatchSize: batchCount > 0 ? Math.round((batchSum / batchCount) * 100) / 100 : 0,
      lagSeconds: Math.round(store.lagSeconds * 1_000) / 1_000,
      mysqlPaused: store.mysqlPaused,
    };
  }
}

async function counterValue(counter: WriteBehindMetrics['accepted'], labels: { store: string }): Promise<number> {
  const { values } = await counter.get();
  return values.find((v) => v.labels.store === labels.store)?.value ?? 0;
}
