import { Counter, Gauge, Histogram, register as globalRegister, Registry } from 'prom-client';
import { PRIORITIES } from './bulkhead.policy';
import { CIRCUIT_STATE_VALUE, CircuitState } from './circuit-breaker.policy';

/** Values of the `outcome` label of `resilience_calls_total`. */
export type CallOutcome = 'success' | 'failure' | 'timeout' | 'rejected' | 'short_circuited' | 'fallback';
export const CALL_OUTCOMES: readonly CallOutcome[] = ['success', 'failure', 'timeout', 'rejected', 'short_circuited', 'fallback'];

/** What the gauges read at scrape time (nothing is written on the hot path for them). */
export interface GaugeSource {
  bulkheadActive(lane: (typeof PRIORITIES)[number]): number;
  bulkheadQueued(lane: (typeof PRIORITIES)[number]): number;
  bulkheadMax(): number | undefined;
  circuitState(): CircuitState | undefined;
}

/** Pre-bound metric children of one dependency: recording is a property read and an increment. */
export interface DependencyMetrics {
  readonly calls: Readonly<Record<CallOutcome, { inc(): void }>>;
  readonly duration: { observe(seconds: number): void };
  readonly retries: { inc(): void };
  transition(from: CircuitState, to: CircuitState): void;
}

interface MetricSet {
  calls: Counter<'dependency' | 'outcome'>;
  duration: Histogram<'dependency'>;
  retries: Counter<'dependency'>;
  transitions: Counter<'dependency' | 'from' | 'to'>;
  sources: Map<string, GaugeSource>;
}

/** Every metric this library exports. */
export const METRIC_NAMES = [
  'resilience_calls_total',
  'resilience_call_duration_seconds',
  'resilience_retries_total',
  'resilience_circuit_transitions_total',
  'resilience_bulkhead_active',
  'resilience_bulkhead_queued',
  'resilience_bulkhead_max',
  'resilience_circuit_state',
] as const;

const sets = new WeakMap<Registry, MetricSet>();

/** Latency buckets (seconds) from cache hits to slow payment calls. */
export const DURATION_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

function metricSet(registry: Registry): MetricSet {
  let set = sets.get(registry);
  if (set) return set;
  const sources = new Map<string, GaugeSource>();
  const registers = [registry];
  // A second copy of this module (e.g. a jest module registry) may have registered them already.
  for (const name of METRIC_NAMES) if (registry.getSingleMetric(name)) registry.removeSingleMetric(name);
  set = {
    sources,
    calls: new Counter({ name: 'resilience_calls_total', help: 'Calls through a resilience stack by outcome', labelNames: ['dependency', 'outcome'], registers }),
    duration: new Histogram({ name: 'resilience_call_duration_seconds', help: 'Duration of calls through a resilience stack', labelNames: ['dependency'], buckets: DURATION_BUCKETS, registers }),
    retries: new Counter({ name: 'resilience_retries_total', help: 'Retries performed', labelNames: ['dependency'], registers }),
    transitions: new Counter({ name: 'resilience_circuit_transitions_total', help: 'Circuit breaker state transitions', labelNames: ['dependency', 'from', 'to'], registers }),
  };
  // Gauges are filled from the live policies at scrape time, so the hot path never touches them.
  new Gauge({
    name: 'resilience_bulkhead_active', help: 'Calls running inside the bulkhead', labelNames: ['dependency', 'lane'], registers,
    collect() {
      this.reset();
      for (const [dependency, s] of sources) if (s.bulkheadMax() !== undefined) for (const lane of PRIORITIES) this.set({ dependency, lane }, s.bulkheadActive(lane));
    },
  });
  new Gauge({
    name: 'resilience_bulkhead_queued', help: 'Calls waiting for a bulkhead slot', labelNames: ['dependency', 'lane'], registers,
    collect() {
      this.reset();
      for (const [dependency, s] of sources) if (s.bulkheadMax() !== undefined) for (const lane of PRIORITIES) this.set({ dependency, lane }, s.bulkheadQueued(lane));
    },
  });
  new Gauge({
    name: 'resilience_bulkhead_max', help: 'Configured bulkhead concurrency limit', labelNames: ['dependency'], registers,
    collect() {
      this.reset();
      for (const [dependency, s] of sources) {
        const max = s.bulkheadMax();
        if (max !== undefined) this.set({ dependency }, max);
      }
    },
  });
  new Gauge({
    name: 'resilience_circuit_state', help: 'Circuit breaker state: 0 closed, 1 open, 2 half-open', labelNames: ['dependency'], registers,
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
export function bindDependencyMetrics(dependency: string, source: GaugeSource, registry: Registry = globalRegister): DependencyMetrics {
  const set = metricSet(registry);
  set.sources.set(dependency, source);
  const calls = {} as Record<CallOutcome, { inc(): void }>;
  for (const outcome of CALL_OUTCOMES) {
    calls[outcome] = set.calls.labels(dependency, outcome);
    set.calls.labels(dependency, outcome).inc(0); // expose zero series from the start
  }
  const retries = set.retries.labels(dependency);
  retries.inc(0);
  return {
    calls,
    duration: set.duration.labels(dependency),
    retries,
    transition: (from, to) => set.transitions.labels(dependency, from, to).inc(),
  };
}

/** Stop exporting gauges for a dependency (counters keep their last value). */
export function unbindDependencyMetrics(dependency: string, registry: Registry = globalRegister): void {
  sets.get(registry)?.sources.delete(dependency);
}
