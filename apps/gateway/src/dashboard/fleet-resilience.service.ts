import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AppName } from '@shop/contracts';
import { ResilienceRegistry } from '@shop/resilience';
import { register } from 'prom-client';

import { FleetResilienceSettings, SettingsAnswer } from '../admin/resilience/fleet-resilience-settings';
import { backendMetricsUrls } from './backend-targets';
import { JOB_QUEUE_FAMILY, JobQueueView, jobQueueViews } from './job-queue-view';
import { MetricSample, parsePrometheusText } from './prometheus-text';
import {
  adaptiveOf,
  adaptiveViews,
  callCounts,
  CallWindow,
  CircuitView,
  deadlinesOf,
  deadlineViews,
  DependencyView,
  expiredMessages,
  gaugeViews,
} from './resilience-view';
import { settingsView } from './settings-view';

/** One service's resilience figures, or why they could not be read. */
export interface ServiceResilience {
  service: string;
  reachable: boolean;
  error?: string;
  /** Why its settings could not be read (its dependencies then show none). */
  settingsError?: string;
  dependencies: DependencyView[];
  /** Kafka messages it refused unread because their deadline had passed; null when unreachable. */
  expiredMessages: number | null;
}

/** Backlog of one write-behind store (read from `write_behind_*` metrics). */
export interface WriteBehindView {
  service: string;
  store: string;
  pending: number;
  lagSeconds: number;
  deadLettered: number;
}

export interface BreakerTransition {
  at: string;
  service: string;
  dependency: string;
  from: string;
  to: string;
}

export interface FleetResilience {
  at: string;
  services: ServiceResilience[];
  writeBehind: WriteBehindView[];
  /** Every service's compartmented Bull queues (one per compartment, workers of their own). */
  jobQueues: JobQueueView[];
  /** Newest first. */
  transitions: BreakerTransition[];
}

const FAMILIES = ['resilience_', 'write_behind_', 'kafka_messages_total', JOB_QUEUE_FAMILY];
const SCRAPE_DEADLINE_MS = 800;
/** Several viewers polling every second share one scrape of the fleet. */
const FRESH_FOR_MS = 500;
const MAX_TRANSITIONS = 100;

/**
 * The resilience state of the whole fleet, as the dashboard shows it. The gateway's own
 * dependencies come from its registry (`summary()`: breaker state as the policy sees it, success
 * rate and percentiles of the last 1024 calls) plus its `/metrics` gauges for the per-lane
 * bulkhead figures. Backend services expose no summary route, so theirs come from their
 * `GET /metrics` (breaker and bulkhead gauges; success rate and p95 from counter differences over
 * the last 15 s). Every app's settings (breaker kind and window, rate limit, timeout) are asked of
 * the app that owns them, through FleetResilienceSettings, like the admin routes. Breaker
 * transitions are the gateway registry's events and, for the backends, state changes seen
 * between two scrapes (a breaker that opens and closes between them is missed).
 */
@Injectable()
export class FleetResilienceService implements OnModuleDestroy {
  private readonly backends: Array<{ service: string; url: string }>;
  private readonly windows = new Map<string, CallWindow>();
  private readonly lastCircuit = new Map<string, CircuitView>();
  private readonly transitions: BreakerTransition[] = [];
  private readonly unsubscribe: () => void;
  private cached?: { at: number; value: Promise<FleetResilience> };

  constructor(
    private readonly registry: ResilienceRegistry,
    config: ConfigService,
    private readonly settings: FleetResilienceSettings,
  ) {
    this.backends = backendMetricsUrls(config.get<string>('ML_ADVISOR_URL'));
    const subscription = registry.onEvent((event) => {
      if (event.type === 'circuit-state')
        this.remember({
          at: new Date().toISOString(),
          service: 'gateway',
          dependency: event.dependency,
          from: event.from,
          to: event.to,
        });
    });
    this.unsubscribe = () => subscription.dispose();
  }

  onModuleDestroy(): void {
    this.unsubscribe();
  }

  /**
   * The fleet's state now: viewers polling together share a scrape at most {@link FRESH_FOR_MS}
   * old; `{ fresh: true }` always scrapes anew (a scenario's before/after counts must not be the
   * same shared scrape when the scenario took less than that window).
   */
  snapshot(options: { fresh?: boolean } = {}): Promise<FleetResilience> {
    const now = Date.now();
    if (!options.fresh && this.cached && now - this.cached.at < FRESH_FOR_MS) return this.cached.value;
    const value = this.collect(now);
    this.cached = { at: now, value };
    value.catch(() => (this.cached = undefined));
    return value;
  }

  private async collect(now: number): Promise<FleetResilience> {
    const [gatewayText, backends, settings] = await Promise.all([
      register.metrics(),
      Promise.all(this.backends.map((b) => this.scrape(b.service, b.url))),
      this.settings.readAll(SCRAPE_DEADLINE_MS),
    ]);
    const pages = [
      {
        service: 'gateway',
        samples: parsePrometheusText(gatewayText, FAMILIES),
        error: undefined as string | undefined,
      },
      ...backends,
    ];
    const services = pages.map(({ service, samples, error }): ServiceResilience => {
      const answer = settings.get(service as AppName);
      if (error) return { service, reachable: false, error, dependencies: [], expiredMessages: null };
      return this.serviceView(service, samples, now, answer);
    });
    for (const s of services)
      if (s.service !== 'gateway') for (const d of s.dependencies) this.noticeCircuit(s.service, d);
    return {
      at: new Date(now).toISOString(),
      services,
      writeBehind: pages.flatMap(({ service, samples }) => writeBehindViews(service, samples)),
      jobQueues: pages.flatMap(({ service, samples }) => jobQueueViews(service, samples)),
      transitions: [...this.transitions].reverse(),
    };
  }

  private async scrape(
    service: string,
    url: string,
  ): Promise<{ service: string; samples: MetricSample[]; error?: string }> {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(SCRAPE_DEADLINE_MS) });
      if (!response.ok) return { service, samples: [], error: `GET /metrics answered ${response.status}` };
      return { service, samples: parsePrometheusText(await response.text(), FAMILIES) };
    } catch (error) {
      const reason =
        (error as Error).name === 'TimeoutError'
          ? `no answer within ${SCRAPE_DEADLINE_MS} ms`
          : (error as Error).message;
      return { service, samples: [], error: `${url}: ${reason}` };
    }
  }

  private serviceView(
    service: string,
    samples: MetricSample[],
    now: number,
    answer: SettingsAnswer | undefined,
  ): ServiceResilience {
    let window = this.windows.get(service);
    if (!window) this.windows.set(service, (window = new CallWindow()));
    const counts = callCounts(samples);
    window.record(now, counts);
    const gauges = gaugeViews(samples);
    const adaptive = adaptiveViews(samples);
    const deadlines = deadlineViews(samples);
    const settings = answer?.ok ? answer.settings.dependencies : undefined;
    // A dependency without breaker or bulkhead has no gauge: its owner's settings still name it.
    const names =
      service === 'gateway' ? this.registry.names() : [...new Set([...gauges.keys(), ...Object.keys(settings ?? {})])];
    const dependencies = names.sort().map((dependency): DependencyView => {
      const gauge = gauges.get(dependency) ?? { circuit: 'none' as CircuitView, bulkhead: null };
      const common = {
        calls: counts.get(dependency)?.outcomes ?? {},
        adaptive: adaptiveOf(adaptive, dependency),
        deadlines: deadlinesOf(deadlines, dependency),
        settings: settings?.[dependency] ? settingsView(settings[dependency].settings) : null,
      };
      if (service !== 'gateway') return { dependency, ...gauge, ...window.recent(dependency), ...common };
      // The gateway's own registry knows more than its gauges: forced states, and exact percentiles.
      const summary = this.registry.get(dependency).summary();
      return {
        dependency,
        circuit: summary.circuit === 'disabled' && gauge.circuit === 'none' ? 'none' : summary.circuit,
        bulkhead: gauge.bulkhead,
        successRate: summary.recentCalls > 0 ? summary.successRate : null,
        recentCalls: summary.recentCalls,
        p95Ms: summary.latencyMs.p95 ?? null,
        ...common,
      };
    });
    return {
      service,
      reachable: true,
      ...(answer && !answer.ok ? { settingsError: answer.error } : {}),
      dependencies,
      expiredMessages: expiredMessages(samples),
    };
  }

  private noticeCircuit(service: string, d: DependencyView): void {
    const key = `${service}/${d.dependency}`;
    const before = this.lastCircuit.get(key);
    this.lastCircuit.set(key, d.circuit);
    if (before !== undefined && before !== d.circuit)
      this.remember({ at: new Date().toISOString(), service, dependency: d.dependency, from: before, to: d.circuit });
  }

  private remember(transition: BreakerTransition): void {
    this.transitions.push(transition);
    if (this.transitions.length > MAX_TRANSITIONS) this.transitions.shift();
  }
}

function writeBehindViews(service: string, samples: MetricSample[]): WriteBehindView[] {
  const stores = new Map<string, WriteBehindView>();
  for (const s of samples) {
    if (!s.name.startsWith('write_behind_') || !s.labels.store) continue;
    let view = stores.get(s.labels.store);
    if (!view)
      stores.set(
        s.labels.store,
        (view = { service, store: s.labels.store, pending: 0, lagSeconds: 0, deadLettered: 0 }),
      );
    if (s.name === 'write_behind_pending') view.pending = s.value;
    if (s.name === 'write_behind_lag_seconds') view.lagSeconds = s.value;
    if (s.name === 'write_behind_dead_lettered_total') view.deadLettered = s.value;
  }
  return [...stores.values()];
}
