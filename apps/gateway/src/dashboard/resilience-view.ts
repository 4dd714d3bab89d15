import type { MetricSample } from './prometheus-text';
import type { SettingsView } from './settings-view';

/** Bulkhead lanes, most important first (as `resilience_bulkhead_active{lane}` labels them). */
export const LANES = ['critical', 'high', 'normal', 'low'] as const;
export type Lane = (typeof LANES)[number];

export type CircuitView = 'closed' | 'open' | 'half-open' | 'disabled' | 'isolated' | 'none';

/** What the dashboard shows for one dependency of one service. */
export interface DependencyView {
  dependency: string;
  /** `none`: the dependency has no breaker. */
  circuit: CircuitView;
  bulkhead: {
    active: number;
    queued: number;
    max: number;
    lanes: Record<Lane, { active: number; queued: number }>;
  } | null;
  /** Share of recent calls that succeeded (without fallback); null without recent calls. */
  successRate: number | null;
  recentCalls: number;
  /** 95th percentile latency of recent calls, ms (from the histogram buckets: an upper bound). */
  p95Ms: number | null;
  /** Calls since the process started, by outcome (`resilience_calls_total`). */
  calls: Record<string, number>;
  /** The adaptive policies' figures; null fields where the dependency does not use one. */
  adaptive: AdaptiveView;
  /** Calls the caller's deadline refused or cut off, since the process started. */
  deadlines: DeadlineView;
  /** Its settings as the app that owns it reports them; null when they could not be read. */
  settings: SettingsView | null;
}

/** Calls that failed because their caller's deadline had passed (`resilience_deadline_exceeded_total`). */
export interface DeadlineView {
  /** The deadline had passed before the call started. */
  notStarted: number;
  /** It left less than the dependency's own budget, and cut the call off. */
  cutOff: number;
}

/** The deadline counts per dependency from one `/metrics` page (zeros are left out). */
export function deadlineViews(samples: MetricSample[]): Map<string, DeadlineView> {
  const views = new Map<string, DeadlineView>();
  for (const s of samples) {
    if (s.name !== 'resilience_deadline_exceeded_total' || !s.labels.dependency) continue;
    let v = views.get(s.labels.dependency);
    if (!v) views.set(s.labels.dependency, (v = { notStarted: 0, cutOff: 0 }));
    if (s.labels.stage === 'not_started') v.notStarted = s.value;
    else if (s.labels.stage === 'cut_off') v.cutOff = s.value;
  }
  return views;
}

/** The deadline counts of `dependency`, zeros when it has none. */
export const deadlinesOf = (views: Map<string, DeadlineView>, dependency: string): DeadlineView =>
  views.get(dependency) ?? { notStarted: 0, cutOff: 0 };

/**
 * Kafka messages the service refused unread because their deadline had passed before it read
 * them: requests whose asker had given up, saga actions past their step deadline
 * (`kafka_messages_total{direction="consumed",outcome="expired"}`, every topic together).
 */
export function expiredMessages(samples: MetricSample[]): number {
  return samples
    .filter(
      (s) => s.name === 'kafka_messages_total' && s.labels.direction === 'consumed' && s.labels.outcome === 'expired',
    )
    .reduce((sum, s) => sum + s.value, 0);
}

/** What the self-tuning layers of one dependency are doing now. */
export interface AdaptiveView {
  /** The adaptive bulkhead's current concurrency limit (`resilience_bulkhead_limit`). */
  limit: number | null;
  /** Retries the budget would allow now, and its decisions since start. */
  retryBudget: { balance: number; allowed: number; refused: number } | null;
  /** Hedged attempts since start, by result (`started`, `won`, `cancelled`, `refused`). */
  hedges: Record<string, number> | null;
}

/** The adaptive figures per dependency from one `/metrics` page. */
export function adaptiveViews(samples: MetricSample[]): Map<string, AdaptiveView> {
  const views = new Map<string, AdaptiveView>();
  const of = (dependency: string): AdaptiveView => {
    let v = views.get(dependency);
    if (!v) views.set(dependency, (v = { limit: null, retryBudget: null, hedges: null }));
    return v;
  };
  for (const s of samples) {
    const dependency = s.labels.dependency;
    if (!dependency) continue;
    if (s.name === 'resilience_bulkhead_limit') of(dependency).limit = s.value;
    else if (s.name === 'resilience_retry_budget_balance' || s.name === 'resilience_retry_budget_total') {
      const v = of(dependency);
      v.retryBudget ??= { balance: 0, allowed: 0, refused: 0 };
      if (s.name === 'resilience_retry_budget_balance') v.retryBudget.balance = s.value;
      else if (s.labels.decision === 'allowed' || s.labels.decision === 'refused')
        v.retryBudget[s.labels.decision] = s.value;
    } else if (s.name === 'resilience_hedge_total' && s.labels.result) {
      const v = of(dependency);
      (v.hedges ??= {})[s.labels.result] = s.value;
    }
  }
  return views;
}

const NO_ADAPTIVE: AdaptiveView = Object.freeze({ limit: null, retryBudget: null, hedges: null });

/** The adaptive view of `dependency`, or one with every field null. */
export const adaptiveOf = (views: Map<string, AdaptiveView>, dependency: string): AdaptiveView =>
  views.get(dependency) ?? NO_ADAPTIVE;

/** Counters of one dependency at one moment: outcomes and the cumulative latency histogram. */
export interface CallCounts {
  outcomes: Record<string, number>;
  /** `[upper bound in seconds, cumulative count]`, ascending, `+Inf` as Infinity. */
  buckets: Array<[number, number]>;
}

const CIRCUIT_BY_VALUE: Record<number, CircuitView> = { 0: 'closed', 1: 'open', 2: 'half-open' };

/** Every dependency named by the resilience metric families of one `/metrics` page. */
export function dependencyNames(samples: MetricSample[]): string[] {
  return [
    ...new Set(
      samples.filter((s) => s.name.startsWith('resilience_') && s.labels.dependency).map((s) => s.labels.dependency),
    ),
  ].sort();
}

/** Counters per dependency, the input of {@link CallWindow}. */
export function callCounts(samples: MetricSample[]): Map<string, CallCounts> {
  const counts = new Map<string, CallCounts>();
  const of = (dependency: string) => {
    let c = counts.get(dependency);
    if (!c) counts.set(dependency, (c = { outcomes: {}, buckets: [] }));
    return c;
  };
  for (const s of samples) {
    const dependency = s.labels.dependency;
    if (!dependency) continue;
    if (s.name === 'resilience_calls_total') of(dependency).outcomes[s.labels.outcome] = s.value;
    if (s.name === 'resilience_call_duration_seconds_bucket')
      of(dependency).buckets.push([s.labels.le === '+Inf' ? Infinity : Number(s.labels.le), s.value]);
  }
  for (const c of counts.values()) c.buckets.sort((a, b) => a[0] - b[0]);
  return counts;
}

/** Breaker and bulkhead state per dependency from the gauges of one `/metrics` page. */
export function gaugeViews(samples: MetricSample[]): Map<string, Pick<DependencyView, 'circuit' | 'bulkhead'>> {
  const views = new Map<string, Pick<DependencyView, 'circuit' | 'bulkhead'>>();
  for (const dependency of dependencyNames(samples)) views.set(dependency, { circuit: 'none', bulkhead: null });
  for (const s of samples) {
    const view = views.get(s.labels.dependency);
    if (!view) continue;
    if (s.name === 'resilience_circuit_state') view.circuit = CIRCUIT_BY_VALUE[s.value] ?? 'none';
    if (
      s.name === 'resilience_bulkhead_max' ||
      s.name === 'resilience_bulkhead_active' ||
      s.name === 'resilience_bulkhead_queued'
    ) {
      view.bulkhead ??= {
        active: 0,
        queued: 0,
        max: 0,
        lanes: Object.fromEntries(LANES.map((l) => [l, { active: 0, queued: 0 }])) as Record<
          Lane,
          { active: number; queued: number }
        >,
      };
      const lane = s.labels.lane as Lane | undefined;
      if (s.name === 'resilience_bulkhead_max') view.bulkhead.max = s.value;
      else if (lane && Object.hasOwn(view.bulkhead.lanes, lane)) {
        const field = s.name === 'resilience_bulkhead_active' ? 'active' : 'queued';
        view.bulkhead.lanes[lane][field] = s.value;
        view.bulkhead[field] += s.value;
      }
    }
  }
  return views;
}

/** The latency below which `quantile` of the calls fell, from cumulative buckets (upper bound, ms). */
export function quantileMs(buckets: Array<[number, number]>, quantile: number): number | null {
  const total = buckets.length ? buckets[buckets.length - 1][1] : 0;
  if (total <= 0) return null;
  const finite = buckets.filter(([le]) => Number.isFinite(le));
  for (const [le, cumulative] of buckets) {
    if (cumulative >= quantile * total)
      return Number.isFinite(le) ? le * 1000 : (finite[finite.length - 1]?.[0] ?? 0) * 1000;
  }
  return null;
}

/**
 * Recent call figures from counters that only grow: keeps timed snapshots and answers with the
 * difference between the newest one and the oldest one inside the window, so "success rate" and
 * "p95" describe the last seconds, not the process's whole life. A restarted process (counters
 * going down) restarts the window.
 */
export class CallWindow {
  private readonly snapshots: Array<{ at: number; counts: Map<string, CallCounts> }> = [];

  constructor(private readonly windowMs = 15_000) {}

  record(at: number, counts: Map<string, CallCounts>): void {
    const last = this.snapshots[this.snapshots.length - 1];
    if (last && [...counts].some(([dep, c]) => total(c) < total(last.counts.get(dep)))) this.snapshots.length = 0;
    this.snapshots.push({ at, counts });
    while (this.snapshots.length > 2 && this.snapshots[1].at <= at - this.windowMs) this.snapshots.shift();
  }

  /** Success rate, call count and p95 of `dependency` over the window. */
  recent(dependency: string): Pick<DependencyView, 'successRate' | 'recentCalls' | 'p95Ms'> {
    // One snapshot says nothing about the last seconds (its counters span the process's life).
    const newest =
      this.snapshots.length > 1 ? this.snapshots[this.snapshots.length - 1].counts.get(dependency) : undefined;
    if (!newest) return { successRate: null, recentCalls: 0, p95Ms: null };
    const oldest = this.snapshots[0].counts.get(dependency);
    const calls = total(newest) - total(oldest);
    if (calls <= 0) return { successRate: null, recentCalls: 0, p95Ms: null };
    const succeeded = (newest.outcomes.success ?? 0) - (oldest?.outcomes.success ?? 0);
    const before = new Map(oldest?.buckets ?? []);
    const buckets = newest.buckets.map(([le, n]): [number, number] => [le, n - (before.get(le) ?? 0)]);
    return {
      successRate: Math.round((succeeded / calls) * 10_000) / 10_000,
      recentCalls: calls,
      p95Ms: quantileMs(buckets, 0.95),
    };
  }
}

function total(counts: CallCounts | undefined): number {
  return counts ? Object.values(counts.outcomes).reduce((a, b) => a + b, 0) : 0;
}
