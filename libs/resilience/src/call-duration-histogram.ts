import type * as PromClient from 'prom-client';
import type { Histogram, Registry } from 'prom-client';

/** Latency buckets (seconds) from cache hits to slow payment calls. */
export const DURATION_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
export const DURATION_BOUNDS = Float64Array.from(DURATION_BUCKETS);

/** One dependency's call durations since start, as the hot path counts them (see metrics.ts). */
export interface HistogramCounts {
  /** Non-cumulative counts per bucket of {@link DURATION_BOUNDS}; the last slot is above them all (+Inf). */
  readonly buckets: Float64Array;
  sum: number;
  count: number;
}

type HistogramExport = Awaited<ReturnType<Histogram['get']>>;

type AggregatedHistogramClass = new (
  stats: Map<string, HistogramCounts>,
  registers: Registry[],
) => Histogram<'dependency'>;
let aggregatedHistogram: AggregatedHistogramClass | undefined;

/**
 * `resilience_call_duration_seconds`: a histogram whose series are read from each dependency's
 * {@link HistogramCounts} at scrape time. The class extends prom-client's, so it is made when
 * prom-client is first loaded (prom-client is an optional peer).
 */
export function aggregatedHistogramClass(Histogram: typeof PromClient.Histogram): AggregatedHistogramClass {
  return (aggregatedHistogram ??= class AggregatedHistogram extends Histogram<'dependency'> {
    constructor(
      private readonly stats: Map<string, HistogramCounts>,
      registers: Registry[],
    ) {
      super({
        name: 'resilience_call_duration_seconds',
        help: 'Duration of calls through a resilience stack',
        labelNames: ['dependency'],
        buckets: DURATION_BUCKETS,
        registers,
      });
    }

    override get(): Promise<HistogramExport> {
      return this.getForPromString();
    }

    /** prom-client's text exporter calls this (not in its typings). */
    getForPromString(): Promise<HistogramExport> {
      return Promise.resolve(this.snapshot());
    }

    private snapshot(): HistogramExport {
      const name = 'resilience_call_duration_seconds';
      const values: HistogramExport['values'] = [];
      for (const [dependency, st] of this.stats) {
        let acc = 0;
        for (let i = 0; i < DURATION_BOUNDS.length; i++) {
          acc += st.buckets[i];
          values.push({ labels: { dependency, le: DURATION_BOUNDS[i] }, value: acc, metricName: `${name}_bucket` });
        }
        values.push({ labels: { dependency, le: '+Inf' }, value: st.count, metricName: `${name}_bucket` });
        values.push({ labels: { dependency }, value: st.sum, metricName: `${name}_sum` });
        values.push({ labels: { dependency }, value: st.count, metricName: `${name}_count` });
      }
      return {
        name,
        help: 'Duration of calls through a resilience stack',
        type: 'histogram',
        values,
        aggregator: 'sum',
      } as unknown as HistogramExport;
    }
  });
}
