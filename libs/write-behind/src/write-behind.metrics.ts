import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** What the gauges need from a store at scrape time. */
export interface MetricsSource {
  readonly name: string;
  stats(): Promise<{ backlog: number; lagSeconds: number }>;
}

/**
 * The write-behind metric family of one registry, shared by every store registered on it
 * (one time series per `store` label). Counters count what this process did; the gauges
 * read Redis at scrape time, so every process reports the same global backlog and lag.
 */
export class WriteBehindMetrics {
  private static readonly byRegistry = new WeakMap<Registry, WriteBehindMetrics>();

  readonly accepted: Counter<'store'>;
  readonly flushed: Counter<'store'>;
  readonly failed: Counter<'store'>;
  readonly deadLettered: Counter<'store'>;
  readonly batchSize: Histogram<'store'>;
  private readonly sources = new Set<MetricsSource>();

  /** The metrics registered on `registry`, created on first use. */
  static for(registry: Registry): WriteBehindMetrics {
    let metrics = WriteBehindMetrics.byRegistry.get(registry);
    if (!metrics) {
      metrics = new WriteBehindMetrics(registry);
      WriteBehindMetrics.byRegistry.set(registry, metrics);
    }
    return metrics;
  }

  private constructor(registry: Registry) {
    const registers = [registry];
    const labelNames = ['store'] as const;
    this.accepted = new Counter({
      name: 'write_behind_accepted_total',
      help: 'Writes stored in Redis and acknowledged to the caller',
      labelNames,
      registers,
    });
    this.flushed = new Counter({
      name: 'write_behind_flushed_total',
      help: 'Entries confirmed in MySQL (coalesced entries included)',
      labelNames,
      registers,
    });
    this.failed = new Counter({
      name: 'write_behind_failed_total',
      help: 'Entries whose flush attempt failed (MySQL unreachable or rows rejected)',
      labelNames,
      registers,
    });
    this.deadLettered = new Counter({
      name: 'write_behind_dead_lettered_total',
      help: 'Entries moved to the dead-letter list after their last attempt',
      labelNames,
      registers,
    });
    this.batchSize = new Histogram({
      name: 'write_behind_flush_batch_size',
      help: 'Entries per flushed batch',
      labelNames,
      buckets: [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500],
      registers,
    });
    const sources = this.sources;
    new Gauge({
      name: 'write_behind_pending',
      help: 'Entries accepted but not yet in MySQL',
      labelNames,
      registers,
      async collect() {
        await collectEach(sources, (name, stats) => this.set({ store: name }, stats.backlog));
      },
    });
    new Gauge({
      name: 'write_behind_lag_seconds',
      help: 'Age of the oldest entry not yet in MySQL',
      labelNames,
      registers,
      async collect() {
        await collectEach(sources, (name, stats) => this.set({ store: name }, stats.lagSeconds));
      },
    });
  }

  /** Reports `source` in the gauges until {@link untrack}. */
  track(source: MetricsSource): void {
    this.sources.add(source);
  }

  untrack(source: MetricsSource): void {
    this.sources.delete(source);
  }
}

async function collectEach(
  sources: Set<MetricsSource>,
  record: (name: string, stats: { backlog: number; lagSeconds: number }) => void,
): Promise<void> {
  await Promise.all(
    [...sources].map(async (source) => {
      try {
        record(source.name, await source.stats());
      } catch {
        // Redis unreachable: keep the last value rather than failing the whole scrape.
      }
    }),
  );
}
