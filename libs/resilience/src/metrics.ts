import type * as PromClient from 'prom-client';
import type { Counter, Registry } from 'prom-client';

import { PRIORITIES } from './bulkhead.policy';
import { aggregatedHistogramClass, DURATION_BOUNDS as BOUNDS } from './call-duration-histogram';
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

export { DURATION_BUCKETS } from './call-duration-histogram';

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
const RETRY_BUDGET_DECISIONS: readonly RetryBudgetDecision[] = ['allowed', 'refused'];

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
  deadlineExceeded(stage: DeadlineStage): void;
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

/**
 * Values of the `stage` label of `resilience_deadline_exceeded_total`: the caller's deadline had
 * passed before the call started (`not_started`), or left less than the dependency's own budget
 * and cut the call off (`cut_off`).
 */
export type DeadlineStage = 'not_started' | 'cut_off';
export const DEADLINE_STAGES: readonly DeadlineStage[] = ['not_started', 'cut_off'];

/** Counts per label value since start, and the part of them already given to a prom-client counter. */
class LabelCounts {
  readonly total: Float64Array;
  readonly flushed: Float64Array;

  constructor(labelValues: readonly string[]) {
    this.total = new Float64Array(labelValues.length);
    this.flushed = new Float64Array(labelValues.length);
  }
}

/** Counts since start, per dependency. */
class LocalStats {
  readonly outcomes = new LabelCounts(CALL_OUTCOMES);
  /** Non-cumulative bucket counts; the last slot is above the largest bound (+Inf). */
  readonly buckets = new Float64Array(BOUNDS.length + 1);
  sum = 0;
  count = 0;
  retries = 0;
  flushedRetries = 0;
  readonly budget = new LabelCounts(RETRY_BUDGET_DECISIONS);
  readonly hedges = new LabelCounts(HEDGE_RESULTS);
  readonly rejections = new LabelCounts(BULKHEAD_REJECTION_REASONS);
  readonly deadlines = new LabelCounts(DEADLINE_STAGES);

  record(outcome: CallOutcome, seconds: number): void {
    this.outcomes.total[OUTCOME_INDEX[outcome]]++;
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
  'resilience_deadline_exceeded_total',
  'resilience_circuit_state',
  'resilience_retry_budget_total',
  'resilience_retry_budget_balance',
] as const;

const sets = new WeakMap<Registry, MetricSet>();

type Lane = (typeof PRIORITIES)[number];

/** A counter of one series per dependency and label value, fed from {@link LocalStats}. */
interface LabelledCounter {
  name: string;
  help: string;
  label: string;
  values: readonly string[];
  counts: (st: LocalStats) => LabelCounts;
  /** A dependency's series appear from its first count on, not as zero rows for every one. */
  fromFirstCount?: boolean;
}

/**
 * The prom-client metrics of one registry. Counters hand prom-client what {@link LocalStats}
 * counted since the last scrape; gauges are read from the live policies ({@link GaugeSource}) at
 * scrape time, so the hot path never touches either.
 */
class MetricRegistration {
  private readonly client = promClient();

  constructor(
    private readonly registers: Registry[],
    private readonly sources: Map<string, GaugeSource>,
    private readonly stats: Map<string, LocalStats>,
  ) {}

  labelledCounter({ name, help, label, values, counts, fromFirstCount }: LabelledCounter): void {
    const stats = this.stats;
    new this.client.Counter({
      name,
      help,
      labelNames: ['dependency', label],
      registers: this.registers,
      collect() {
        for (const [dependency, st] of stats) {
          const { total, flushed } = counts(st);
          if (fromFirstCount && total.every((n) => n === 0)) continue;
          for (let i = 0; i < values.length; i++) {
            this.inc({ dependency, [label]: values[i] }, total[i] - flushed[i]);
            flushed[i] = total[i];
          }
        }
      },
    });
  }

  /** One series per dependency; none for a dependency whose `read` is undefined (it lacks the policy). */
  dependencyGauge(name: string, help: string, read: (source: GaugeSource) => number | undefined): void {
    const sources = this.sources;
    new this.client.Gauge({
      name,
      help,
      labelNames: ['dependency'],
      registers: this.registers,
      collect() {
        this.reset();
        for (const [dependency, s] of sources) {
          const value = read(s);
          if (value !== undefined) this.set({ dependency }, value);
        }
      },
    });
  }

  /** One series per dependency with a bulkhead and priority lane. */
  laneGauge(name: string, help: string, read: (source: GaugeSource, lane: Lane) => number): void {
    const sources = this.sources;
    new this.client.Gauge({
      name,
      help,
      labelNames: ['dependency', 'lane'],
      registers: this.registers,
      collect() {
        this.reset();
        for (const [dependency, s] of sources)
          if (s.bulkheadMax() !== undefined)
            for (const lane of PRIORITIES) this.set({ dependency, lane }, read(s, lane));
      },
    });
  }
}

function metricSet(registry: Registry): MetricSet {
  let set = sets.get(registry);
  if (set) return set;
  const { Counter, Histogram } = promClient();
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
  const metrics = new MetricRegistration(registers, sources, stats);
  metrics.labelledCounter({
    name: 'resilience_calls_total',
    help: 'Calls through a resilience stack by outcome',
    label: 'outcome',
    values: CALL_OUTCOMES,
    counts: (st) => st.outcomes,
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
  metrics.labelledCounter({
    name: 'resilience_retry_budget_total',
    help: 'Retries the retry budget allowed or refused',
    label: 'decision',
    values: RETRY_BUDGET_DECISIONS,
    counts: (st) => st.budget,
    fromFirstCount: true, // no budget, or not asked yet
  });
  metrics.dependencyGauge('resilience_retry_budget_balance', 'Retries the retry budget would allow now', (s) =>
    s.retryBudgetBalance(),
  );
  metrics.labelledCounter({
    name: 'resilience_hedge_total',
    help: 'Hedged requests: started, won (a hedge answered first), cancelled (losers aborted), refused (ratio cap)',
    label: 'result',
    values: HEDGE_RESULTS,
    counts: (st) => st.hedges,
    fromFirstCount: true,
  });
  new AggregatedHistogram(stats, registers);
  metrics.laneGauge('resilience_bulkhead_active', 'Calls running inside the bulkhead', (s, lane) =>
    s.bulkheadActive(lane),
  );
  metrics.laneGauge('resilience_bulkhead_queued', 'Calls waiting for a bulkhead slot', (s, lane) =>
    s.bulkheadQueued(lane),
  );
  metrics.dependencyGauge('resilience_bulkhead_max', 'Configured bulkhead concurrency limit', (s) => s.bulkheadMax());
  metrics.dependencyGauge(
    'resilience_bulkhead_limit',
    'Concurrency limit an adaptive bulkhead allows now (absent for fixed bulkheads)',
    (s) => s.adaptiveLimit(),
  );
  metrics.labelledCounter({
    name: 'resilience_bulkhead_rejections_total',
    help: 'Calls the bulkhead refused, by reason (full, queue-timeout, lane-cap)',
    label: 'reason',
    values: BULKHEAD_REJECTION_REASONS,
    counts: (st) => st.rejections,
    fromFirstCount: true,
  });
  metrics.labelledCounter({
    name: 'resilience_deadline_exceeded_total',
    help: "Calls that failed because the caller's deadline had passed (not_started) or cut them off (cut_off)",
    label: 'stage',
    values: DEADLINE_STAGES,
    counts: (st) => st.deadlines,
    fromFirstCount: true,
  });
  metrics.dependencyGauge('resilience_circuit_state', 'Circuit breaker state: 0 closed, 1 open, 2 half-open', (s) => {
    const state = s.circuitState();
    return state === undefined ? undefined : CIRCUIT_STATE_VALUE[state];
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
    retryBudget: (decision) => void st.budget.total[RETRY_BUDGET_DECISIONS.indexOf(decision)]++,
    hedge: (result) => void st.hedges.total[HEDGE_RESULTS.indexOf(result)]++,
    bulkheadRejected: (reason) => void st.rejections.total[BULKHEAD_REJECTION_REASONS.indexOf(reason)]++,
    deadlineExceeded: (stage) => void st.deadlines.total[DEADLINE_STAGES.indexOf(stage)]++,
    transition: (from, to) => set.transitions.labels(dependency, from, to).inc(),
  };
}

/** Stop exporting a dependency's gauges and histogram (counters keep their last value). */
export function unbindDependencyMetrics(dependency: string, registry: Registry = promClient().register): void {
  sets.get(registry)?.sources.delete(dependency);
  sets.get(registry)?.stats.delete(dependency);
}
