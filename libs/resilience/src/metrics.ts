import type * as PromClient from 'prom-client';
import type { Counter, Histogram, Registry } from 'prom-client';

import { PRIORITIES } from './bulkhead.policy';
import { CIRCUIT_STATE_VALUE, CircuitState } from './circuit-breaker.policy';
import type { BulkheadRejectionReason } from './errors';
import { HEDGE_RESULTS, HedgeResult } from './hedge.policy';
import { loadOptionalPeer, requireOptionalPeer } from './optional-peer';

/** prom-client is an optional peer: it is loaded when the first dependency binds its metrics. */
function promClient(): typeof PromClient {
  return requireOptionalPeer<typeof PromClient>('prom-client', 'Resilience metrics');
}

/** prom-client's global `register` when prom-client is installed; otherwise metrics are off. */
export function defaultMetricsRegistry(): Registry | undefined {
  return loadOptionalPeer<typeof PromClient>('prom-client')?.register;
}

/** Values of the `outcome` label of `resilience_calls_total`. */
export type CallOutcome = 'success' | 'failure' | 'timeout' | 'rejected' | 'short_circuited' | 'fallback';
export const CALL_OUTCOMES: readonly CallOutcome[] = [
  'success',
  'failure',
  'timeout',
  'rejected',
  'short_circuited',
  'fallback',
];

/** What the gauges read at scrape time (nothing is written on the hot path for them). */
export interface GaugeSource {
  bulkheadActive(lane: (typeof PRIORITIES)[number]): number;
  bulkheadQueued(lane: (typeof PRIORITIES)[number]): number;
  bulkheadMax(): number | undefined;
  /** The adaptive bulkhead's limit now; undefined for a fixed one or none. */
  adaptiveLimit(): number | undefined;
  circuitState(): CircuitState | undefined;
  /** Retries the budget would allow now; undefined without a budget. */
  retryBudgetBalance(): number | undefined;
}

/** Values of the `decision` label of `resilience_retry_budget_total`. */
export type RetryBudgetDecision = 'allowed' | 'refused';

/**
 * Recording side of one dependency's metrics. prom-client hashes the label set on every
 * `inc()`/`observe()`, even on a child from `labels()`, which would cost more than the whole
 * policy stack; so calls are aggregated here in typed arrays (a few increments per call) and
 * handed to prom-client when the registry is scraped.
 */
export interface DependencyMetrics {
  record(outcome: CallOutcome, seconds: number): void;
  retry(): void;
  retryBudget(decision: RetryBudgetDecision): void;
  hedge(result: HedgeResult): void;
  bulkheadRejected(reason: BulkheadRejectionReason): void;
  transition(from: CircuitState, to: CircuitState): void;
}

const OUTCOME_INDEX: Record<CallOutcome, number> = {
  success: 0,
  failure: 1,
  timeout: 2,
  rejected: 3,
  short_circuited: 4,
  fallback: 5,
};

/** Values of the `reason` label of `resilience_bulkhead_rejections_total`. */
export const BULKHEAD_REJECTION_REASONS: readonly BulkheadRejectionReason[] = ['full', 'queue-timeout', 'lane-cap'];

/** Latency buckets (seconds) from cache hits to slow payment calls. */
export const DURATION_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const BOUNDS = Float64Array.from(DURATION_BUCKETS);

/** Counts since start, per dependency; `flushed*` are the parts already given to prom-client counters. */
class LocalStats {
  readonly outcomes = new Float64Array(CALL_OUTCOMES.length);
  readonly flushedOutcomes = new Float64Array(CALL_OUTCOMES.length);
  /** Non-cumulative bucket counts; the last slot is above the largest bound (+Inf). */
  readonly buckets = new Float64Array(BOUNDS.length + 1);
  sum = 0;
  count = 0;
  retries = 0;
  flushedRetries = 0;
  budgetAllowed = 0;
  flushedBudgetAllowed = 0;
  budgetRefused = 0;
  flushedBudgetRefused = 0;
  /** Per {@link HEDGE_RESULTS} entry. */
  readonly hedges = new Float64Array(HEDGE_RESULTS.length);
  readonly flushedHedges = new Float64Array(HEDGE_RESULTS.length);
  /** Per {@link BULKHEAD_REJECTION_REASONS} entry. */
  readonly rejections = new Float64Array(BULKHEAD_REJECTION_REASONS.length);
  readonly flushedRejections = new Float64Array(BULKHEAD_REJECTION_REASONS.length);

  record(outcome: CallOutcome, seconds: number): void {
    this.outcomes[OUTCOME_INDEX[outcome]]++;
    let i = 0;
    while (i < BOUNDS.length && seconds > BOUNDS[i]) i++;
    this.buckets[i]++;
    this.sum += seconds;
    this.count++;
  }
}

interface MetricSet {
  transitions: Counter<'dependency' | 'from' | 'to'>;
  sources: Map<string, GaugeSource>;
  stats: Map<string, LocalStats>;
}

type HistogramExport = Awaited<ReturnType<Histogram['get']>>;

type AggregatedHistogramClass = new (stats: Map<string, LocalStats>, registers: Registry[]) => Histogram<'dependency'>;
let aggregatedHistogram: AggregatedHistogramClass | undefined;

/**
 * A histogram whose series are read from {@link LocalStats} at scrape time. The class extends
 * prom-client's, so it is made when prom-client is first loaded.
 */
function aggregatedHistogramClass(Histogram: typeof PromClient.Histogram): AggregatedHistogramClass {
  return (aggregatedHistogram ??= class AggregatedHistogram extends Histogram<'dependency'> {
    constructor(
      private readonly stats: Map<string, LocalStats>,
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
        for (let i = 0; i < BOUNDS.length; i++) {
          acc += st.buckets[i];
          values.push({ labels: { dependency, le: BOUNDS[i] }, value: acc, metricName: `${name}_bucket` });
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

/** Every metric this library exports. */
export const METRIC_NAMES = [
  'resilience_calls_total',
  'resilience_call_duration_seconds',
  'resilience_retries_total',
  'resilience_hedge_total',
  'resilience_circuit_transitions_total',
  'resilience_bulkhead_active',
  'resilience_bulkhead_queued',
  'resilience_bulkhead_max',
  'resilience_bulkhead_limit',
  'resilience_bulkhead_rejections_total',
  'resilience_circuit_state',
  'resilience_retry_budget_total',
  'resilience_retry_budget_balance',
] as const;

const sets = new WeakMap<Registry, MetricSet>();

function metricSet(registry: Registry): MetricSet {
  let set = sets.get(registry);
  if (set) return set;
  const { Counter, Gauge, Histogram } = promClient();
  const AggregatedHistogram = aggregatedHistogramClass(Histogram);
  const sources = new Map<string, GaugeSource>();
  const registers = [registry];
  // A second copy of this module (e.g. a jest module registry) may have registered them already.
  for (const name of METRIC_NAMES) if (registry.getSingleMetric(name)) registry.removeSingleMetric(name);
  const stats = new Map<string, LocalStats>();
  set = {
    sources,
    stats,
    transitions: new Counter({
      name: 'resilience_circuit_transitions_total',
      help: 'Circuit breaker state transitions',
      labelNames: ['dependency', 'from', 'to'],
      registers,
    }),
  };
  new Counter({
    name: 'resilience_calls_total',
    help: 'Calls through a resilience stack by outcome',
    labelNames: ['dependency', 'outcome'],
    registers,
    collect() {
      for (const [dependency, st] of stats) {
        for (let i = 0; i < CALL_OUTCOMES.length; i++) {
          this.inc({ dependency, outcome: CALL_OUTCOMES[i] }, st.outcomes[i] - st.flushedOutcomes[i]);
          st.flushedOutcomes[i] = st.outcomes[i];
        }
      }
    },
  });
  new Counter({
    name: 'resilience_retries_total',
    help: 'Retries performed',
    labelNames: ['dependency'],
    registers,
    collect() {
      for (const [dependency, st] of stats) {
        this.inc({ dependency }, st.retries - st.flushedRetries);
        st.flushedRetries = st.retries;
      }
    },
  });
  new Counter({
    name: 'resilience_retry_budget_total',
    help: 'Retries the retry budget allowed or refused',
    labelNames: ['dependency', 'decision'],
    registers,
    collect() {
      for (const [dependency, st] of stats) {
        if (st.budgetAllowed === 0 && st.budgetRefused === 0) continue; // no budget, or not asked yet
        this.inc({ dependency, decision: 'allowed' }, st.budgetAllowed - st.flushedBudgetAllowed);
        this.inc({ dependency, decision: 'refused' }, st.budgetRefused - st.flushedBudgetRefused);
        st.flushedBudgetAllowed = st.budgetAllowed;
        st.flushedBudgetRefused = st.budgetRefused;
      }
    },
  });
  new Gauge({
    name: 'resilience_retry_budget_balance',
    help: 'Retries the retry budget would allow now',
    labelNames: ['dependency'],
    registers,
    collect() {
      this.reset();
      for (const [dependency, s] of sources) {
        const balance = s.retryBudgetBalance();
        if (balance !== undefined) this.set({ dependency }, balance);
      }
    },
  });
  new Counter({
    name: 'resilience_hedge_total',
    help: 'Hedged requests: started, won (a hedge answered first), cancelled (losers aborted), refused (ratio cap)',
    labelNames: ['dependency', 'result'],
    registers,
    collect() {
      for (const [dependency, st] of stats) {
        // A dependency shows hedge series from its first hedge on, not a zero row for every one.
        if (st.hedges.every((n) => n === 0)) continue;
        for (let i = 0; i < HEDGE_RESULTS.length; i++) {
          this.inc({ dependency, result: HEDGE_RESULTS[i] }, st.hedges[i] - st.flushedHedges[i]);
          st.flushedHedges[i] = st.hedges[i];
        }
      }
    },
  });
  new AggregatedHistogram(stats, registers);
  // Gauges are filled from the live policies at scrape time, so the hot path never touches them.
  new Gauge({
    name: 'resilience_bulkhead_active',
    help: 'Calls running inside the bulkhead',
    labelNames: ['dependency', 'lane'],
    registers,
    collect() {
      this.reset();
      for (const [dependency, s] of sources)
        if (s.bulkheadMax() !== undefined)
          for (const lane of PRIORITIES) this.set({ dependency, lane }, s.bulkheadActive(lane));
    },
  });
  new Gauge({
    name: 'resilience_bulkhead_queued',
    help: 'Calls waiting for a bulkhead slot',
    labelNames: ['dependency', 'lane'],
    registers,
    collect() {
      this.reset();
      for (const [dependency, s] of sources)
        if (s.bulkheadMax() !== undefined)
          for (const lane of PRIORITIES) this.set({ dependency, lane }, s.bulkheadQueued(lane));
    },
  });
  new Gauge({
    name: 'resilience_bulkhead_max',
    help: 'Configured bulkhead concurrency limit',
    labelNames: ['dependency'],
    registers,
    collect() {
      this.reset();
      for (const [dependency, s] of sources) {
        const max = s.bulkheadMax();
        if (max !== undefined) this.set({ dependency }, max);
      }
    },
  });
  new Gauge({
    name: 'resilience_bulkhead_limit',
    help: 'Concurrency limit an adaptive bulkhead allows now (absent for fixed bulkheads)',
    labelNames: ['dependency'],
    registers,
    collect() {
      this.reset();
      for (const [dependency, s] of sources) {
        const limit = s.adaptiveLimit();
        if (limit !== undefined) this.set({ dependency }, limit);
      }
    },
  });
  new Counter({
    name: 'resilience_bulkhead_rejections_total',
    help: 'Calls the bulkhead refused, by reason (full, queue-timeout, lane-cap)',
    labelNames: ['dependency', 'reason'],
    registers,
    collect() {
      for (const [dependency, st] of stats) {
        if (st.rejections.every((n) => n === 0)) continue; // series appear from the first rejection
        for (let i = 0; i < BULKHEAD_REJECTION_REASONS.length; i++) {
          this.inc({ dependency, reason: BULKHEAD_REJECTION_REASONS[i] }, st.rejections[i] - st.flushedRejections[i]);
          st.flushedRejections[i] = st.rejections[i];
        }
      }
    },
  });
  new Gauge({
    name: 'resilience_circuit_state',
    help: 'Circuit breaker state: 0 closed, 1 open, 2 half-open',
    labelNames: ['dependency'],
    registers,
    collect() {
      this.reset();
      for (const [dependency, s] of sources) {
        const state = s.circuitState();
        if (state !== undefined) this.set({ dependency }, CIRCUIT_STATE_VALUE[state]);
      }
    },
  });
  sets.set(registry, set);
  return set;
}

/**
 * Register (once per prom-client Registry) the resilience metrics and bind one dependency:
 * returns pre-bound label children for the hot path and makes the gauges read `source`.
 */
export function bindDependencyMetrics(
  dependency: string,
  source: GaugeSource,
  registry: Registry = promClient().register,
): DependencyMetrics {
  const set = metricSet(registry);
  set.sources.set(dependency, source);
  const st = new LocalStats();
  set.stats.set(dependency, st);
  return {
    record: (outcome, seconds) => st.record(outcome, seconds),
    retry: () => void st.retries++,
    retryBudget: (decision) => void (decision === 'allowed' ? st.budgetAllowed++ : st.budgetRefused++),
    hedge: (result) => void st.hedges[HEDGE_RESULTS.indexOf(result)]++,
    bulkheadRejected: (reason) => void st.rejections[BULKHEAD_REJECTION_REASONS.indexOf(reason)]++,
    transition: (from, to) => set.transitions.labels(dependency, from, to).inc(),
  };
}

/** Stop exporting a dependency's gauges and histogram (counters keep their last value). */
export function unbindDependencyMetrics(dependency: string, registry: Registry = promClient().register): void {
  sets.get(registry)?.sources.delete(dependency);
  sets.get(registry)?.stats.delete(dependency);
}
