import { randomUUID } from 'node:crypto';

import { BeforeApplicationShutdown, ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';

import { ADMIN_KEY_HEADER } from '../common/admin-key.guard';
import { BreakerTransition, FleetResilience, FleetResilienceService } from './fleet-resilience.service';
import { ScenarioName, scenarioOrder, SCENARIOS } from './scenarios';

/** Calls of one dependency during a run, by outcome (differences of `resilience_calls_total`). */
export interface DependencyCalls {
  service: string;
  dependency: string;
  outcomes: Record<string, number>;
}

export interface ScenarioRun {
  id: string;
  scenario: ScenarioName;
  title: string;
  status: 'running' | 'finished' | 'failed';
  startedAt: string;
  finishedAt?: string;
  holdMs: number;
  /** What the runner did, in order. */
  steps: Array<{ at: string; message: string }>;
  /** Answers of the gateway routes the scenario called, by route and status code. */
  requests: Record<string, Record<string, number>>;
  calls: DependencyCalls[];
  transitions: BreakerTransition[];
  error?: string;
}

const KEPT_RUNS = 20;
const WATCH_EVERY_MS = 500;
const REQUEST_DEADLINE_MS = 10_000;
/** On shutdown, how long running scenarios get to stop their traffic and clear their faults. */
const SHUTDOWN_WAIT_MS = 3_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs the dashboard's scenarios against the live fleet, the way an operator and customers
 * would: faults go through the gateway's own admin fault routes (which drive the provider
 * simulators and the advisor), traffic through its public routes over HTTP, so it meets the
 * rate limit, compartments and resilience stacks like any other. While a run lasts the fleet is
 * scraped every 500 ms, so breaker transitions of the backends are seen; the run ends with the
 * fault cleared whatever happened.
 */
@Injectable()
export class ScenariosService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(ScenariosService.name);
  private readonly runs: ScenarioRun[] = [];
  private readonly baseUrl: string;
  private readonly adminKey: string;
  private readonly active = new Set<Promise<void>>();
  private stopping = false;

  constructor(
    config: ConfigService,
    private readonly fleet: FleetResilienceService,
  ) {
    this.baseUrl = `http://127.0.0.1:${config.getOrThrow<number>('PORT')}`;
    this.adminKey = config.getOrThrow<string>('ADMIN_API_KEY');
  }

  /**
   * Stops the scenarios' traffic and waits (briefly) for them to clear their faults. Runs before
   * Nest closes the HTTP server, so the clearing calls to our own admin routes still get through:
   * a fault must not outlive the run that set it.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.active.size > 0) await Promise.race([Promise.all(this.active), sleep(SHUTDOWN_WAIT_MS)]);
  }

  /** Starts `name` unless it already runs; answers at once with the run (poll it for progress). */
  start(name: ScenarioName, holdMs?: number): ScenarioRun {
    if (this.runs.some((r) => r.scenario === name && r.status === 'running'))
      throw new ConflictException({ error: 'SCENARIO_RUNNING', message: `${name} is already running` });
    const run: ScenarioRun = {
      id: randomUUID(),
      scenario: name,
      title: SCENARIOS[name].title,
      status: 'running',
      startedAt: new Date().toISOString(),
      holdMs: holdMs ?? SCENARIOS[name].defaultHoldMs,
      steps: [],
      requests: {},
      calls: [],
      transitions: [],
    };
    this.runs.unshift(run);
    this.runs.splice(KEPT_RUNS);
    const done = this.execute(run).finally(() => this.active.delete(done));
    this.active.add(done);
    return run;
  }

  list(): ScenarioRun[] {
    return this.runs;
  }

  get(id: string): ScenarioRun {
    const run = this.runs.find((r) => r.id === id);
    if (!run) throw new NotFoundException(`no scenario run ${id}`);
    return run;
  }

  private async execute(run: ScenarioRun): Promise<void> {
    const before = await this.fleet.snapshot({ fresh: true }).catch(() => undefined);
    const watcher = setInterval(() => void this.fleet.snapshot().catch(() => undefined), WATCH_EVERY_MS);
    // The run reads as 'running' until its calls and transitions are filled in: a client that
    // sees it finished must also see what it did.
    let outcome: 'finished' | 'failed' = 'finished';
    try {
      await this.script(run);
    } catch (error) {
      outcome = 'failed';
      run.error = (error as Error).message;
      this.logger.warn({ msg: 'scenario failed', scenario: run.scenario, error: run.error });
    } finally {
      clearInterval(watcher);
      const after = await this.fleet.snapshot({ fresh: true }).catch(() => undefined);
      if (before && after) run.calls = callDifferences(before, after);
      else this.step(run, "could not read the fleet's metrics before or after the run: no call counts");
      run.transitions = (after?.transitions ?? []).filter((t) => t.at >= run.startedAt).reverse();
      run.finishedAt = new Date().toISOString();
      this.step(run, `done: ${outcome}`);
      run.status = outcome;
    }
  }

  private async script(run: ScenarioRun): Promise<void> {
    switch (run.scenario) {
      case 'order-burst':
        this.step(run, 'placing 40 orders, 20 at a time');
        await this.placeOrders(run, 40, 20);
        return;
      case 'payment-outage':
        await this.withFault(run, 'payment_gateway', { mode: 'down' }, () =>
          this.paced(run, run.holdMs, 1_000, (n) => this.placeOrders(run, 1, 1, n)),
        );
        this.step(
          run,
          'provider back: one order a second for 6 s, so queued charges go through and the breaker closes',
        );
        await this.paced(run, 6_000, 1_000, (n) => this.placeOrders(run, 1, 1, 1_000 + n));
        return;
      case 'notification-overload':
        await this.withFault(run, 'notification_provider', { latencyMs: 1_800 }, async () => {
          this.step(run, 'placing 40 orders, 20 at a time');
          await Promise.all([this.placeOrders(run, 40, 20), this.hold(run.holdMs)]);
        });
        return;
      case 'hung-advisor':
        await this.withFault(run, 'ml_advisor', { mode: 'hang' }, () => this.recommendations(run, run.holdMs));
        this.step(run, 'advisor back: recommendations for 8 s more, so the breaker half-opens and closes');
        await this.recommendations(run, 8_000);
        return;
    }
  }

  /** Sets a fault through the admin route, runs `during`, and always clears the fault. */
  private async withFault(
    run: ScenarioRun,
    dependency: string,
    settings: object,
    during: () => Promise<unknown>,
  ): Promise<void> {
    this.step(run, `fault ${dependency}: ${JSON.stringify(settings)}, held ${run.holdMs} ms`);
    const set = await this.call(run, 'PUT', `/api/admin/faults/${encodeURIComponent(dependency)}`, settings, true);
    if (set.status !== 200)
      throw new Error(`could not set the ${dependency} fault: ${set.status} ${JSON.stringify(set.body)}`);
    try {
      await during();
    } finally {
      const cleared = await this.call(
        run,
        'DELETE',
        `/api/admin/faults/${encodeURIComponent(dependency)}`,
        undefined,
        true,
      );
      this.step(
        run,
        cleared.status === 200 ? `fault ${dependency} cleared` : `clearing ${dependency} answered ${cleared.status}`,
      );
    }
  }

  /** Calls `tick(n)` every `everyMs` for `forMs`, without waiting for one tick before the next. */
  private async paced(
    run: ScenarioRun,
    forMs: number,
    everyMs: number,
    tick: (n: number) => Promise<unknown>,
  ): Promise<void> {
    const pending: Promise<unknown>[] = [];
    for (let n = 0, until = Date.now() + forMs; Date.now() < until && !this.stopping; n++) {
      pending.push(tick(n).catch(() => undefined));
      await sleep(everyMs);
    }
    await Promise.all(pending);
  }

  private async placeOrders(run: ScenarioRun, count: number, concurrency: number, first = 0): Promise<void> {
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(count, concurrency) }, async () => {
        while (next < count && !this.stopping) {
          const n = first + next++;
          await this.call(run, 'POST', '/api/orders', scenarioOrder(n), false, { 'idempotency-key': `${run.id}-${n}` });
        }
      }),
    );
  }

  /** Four clients asking for recommendations in a closed loop for `forMs`. */
  private async recommendations(run: ScenarioRun, forMs: number): Promise<void> {
    const until = Date.now() + forMs;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (Date.now() < until && !this.stopping) {
          await this.call(run, 'GET', '/api/recommendations?limit=3');
          await sleep(100);
        }
      }),
    );
  }

  /** One request to this gateway; counts the answer under its route and status (degraded answers apart). */
  private async call(
    run: ScenarioRun,
    method: string,
    path: string,
    body?: unknown,
    admin = false,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: unknown }> {
    const route = `${method} ${path.replace(/\?.*$/, '').replace(/\/api\/admin\/faults\/.*/, '/api/admin/faults/:dependency')}`;
    let status: number | string;
    let parsed: unknown;
    try {
      const response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: {
          ...headers,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(admin ? { [ADMIN_KEY_HEADER]: this.adminKey } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_DEADLINE_MS),
      });
      const text = await response.text();
      parsed = text ? safeJson(text) : undefined;
      status = response.status;
      if (status === 200 && (parsed as { degraded?: boolean } | undefined)?.degraded) status = '200 degraded';
    } catch (error) {
      status = (error as Error).name === 'TimeoutError' ? 'no answer' : 'connection error';
    }
    const counts = (run.requests[route] ??= {});
    counts[status] = (counts[status] ?? 0) + 1;
    return { status: typeof status === 'number' ? status : status === '200 degraded' ? 200 : 0, body: parsed };
  }

  /** Waits `ms`, or less when the gateway is shutting down. */
  private async hold(ms: number): Promise<void> {
    for (const until = Date.now() + ms; Date.now() < until && !this.stopping;)
      await sleep(Math.min(200, until - Date.now()));
  }

  private step(run: ScenarioRun, message: string): void {
    run.steps.push({ at: new Date().toISOString(), message });
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** What each dependency did between two snapshots (only dependencies that were called). */
export function callDifferences(before: FleetResilience, after: FleetResilience): DependencyCalls[] {
  const earlier = new Map(
    before.services.flatMap((s) => s.dependencies.map((d) => [`${s.service}/${d.dependency}`, d.calls] as const)),
  );
  return after.services.flatMap((s) =>
    s.dependencies.flatMap((d) => {
      const was = earlier.get(`${s.service}/${d.dependency}`) ?? {};
      const outcomes: Record<string, number> = Object.fromEntries(
        Object.entries(d.calls)
          .map(([outcome, n]): [string, number] => [outcome, n - (was[outcome] ?? 0)])
          .filter(([, n]) => n > 0),
      );
      return Object.keys(outcomes).length ? [{ service: s.service, dependency: d.dependency, outcomes }] : [];
    }),
  );
}
