/**
 * `npm run demo`: runs the dashboard's scenarios one after the other against the running dev
 * fleet (`npm start`) and prints what happened — answers per route, calls per dependency by
 * outcome, the breaker transitions and the peak bulkhead use it saw while polling the gateway's
 * dashboard state twice a second. Clears every fault at the end (and on Ctrl-C).
 *
 *   npm run demo                                   # every scenario, gateway http://127.0.0.1:3000
 *   npm run demo -- --only hung-advisor,payment-outage --hold-ms 8000 --gateway http://127.0.0.1:13000
 *
 * The admin key is ADMIN_API_KEY from the environment, else from ./.env (which `npm start` writes).
 * Node built-ins only, so it runs from dist/ without the path aliases.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { DemoRun, PeakUse, runReport } from './demo-report';

interface DashboardState {
  services: Array<{
    service: string;
    reachable: boolean;
    dependencies: Array<{
      dependency: string;
      circuit: string;
      bulkhead: { active: number; queued: number; max: number } | null;
    }>;
  }>;
  transitions: DemoRun['transitions'];
}

const POLL_MS = 500;
const RUN_DEADLINE_MS = 180_000;

function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? process.argv[index + 1] : undefined;
}

function adminKey(): string {
  if (process.env.ADMIN_API_KEY) return process.env.ADMIN_API_KEY;
  const file = join(process.cwd(), '.env');
  const line = existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .find((l) => /^\s*ADMIN_API_KEY\s*=/.test(l))
    : undefined;
  const key = line
    ?.split('=')
    .slice(1)
    .join('=')
    .trim()
    .replace(/^(['"])(.*)\1$/, '$2');
  if (!key)
    throw new Error(
      'no admin key: set ADMIN_API_KEY or run from the repository root after `npm start` (which writes .env)',
    );
  return key;
}

class Gateway {
  constructor(
    readonly baseUrl: string,
    private readonly key: string,
  ) {}

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { 'x-admin-key': this.key, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    const parsed = text ? (JSON.parse(text) as unknown) : undefined;
    if (!response.ok) {
      const message = (parsed as { message?: string } | undefined)?.message ?? text;
      throw new Error(`${method} ${path} answered ${response.status}: ${message}`);
    }
    return parsed as T;
  }
}

async function clearFaults(gateway: Gateway): Promise<void> {
  const faults = await gateway.call<Array<{ dependency: string }>>('GET', '/api/admin/faults');
  const results = await Promise.allSettled(
    faults.map((f) => gateway.call('DELETE', `/api/admin/faults/${f.dependency}`)),
  );
  const failed = faults.filter((_, i) => results[i].status === 'rejected').map((f) => f.dependency);
  console.log(
    `faults cleared: ${faults
      .map((f) => f.dependency)
      .filter((d) => !failed.includes(d))
      .join(', ')}${failed.length ? `; could not clear ${failed.join(', ')}` : ''}`,
  );
}

/** Polls the run until it ends, watching the dashboard state for transitions and bulkhead use. */
async function follow(
  gateway: Gateway,
  runId: string,
): Promise<{ run: DemoRun; seen: DemoRun['transitions']; peaks: PeakUse }> {
  const circuits = new Map<string, string>();
  const seen: DemoRun['transitions'] = [];
  const peaks: PeakUse = new Map();
  const until = Date.now() + RUN_DEADLINE_MS;
  for (;;) {
    const [run, state] = await Promise.all([
      gateway.call<DemoRun>('GET', `/api/admin/scenarios/runs/${runId}`),
      gateway.call<DashboardState>('GET', '/api/admin/dashboard/state').catch(() => undefined),
    ]);
    for (const service of state?.services ?? []) {
      for (const d of service.dependencies) {
        const key = `${service.service}/${d.dependency}`;
        const before = circuits.get(key);
        if (before !== undefined && before !== d.circuit) {
          seen.push({
            at: new Date().toISOString(),
            service: service.service,
            dependency: d.dependency,
            from: before,
            to: d.circuit,
          });
          console.log(`  … ${key}: ${before} → ${d.circuit}`);
        }
        circuits.set(key, d.circuit);
        if (d.bulkhead) {
          const peak = peaks.get(key) ?? { active: 0, max: d.bulkhead.max, queued: 0 };
          peaks.set(key, {
            active: Math.max(peak.active, d.bulkhead.active),
            max: d.bulkhead.max,
            queued: Math.max(peak.queued, d.bulkhead.queued),
          });
        }
      }
    }
    if (run.status !== 'running') return { run, seen, peaks };
    if (Date.now() > until) throw new Error(`run ${runId} still running after ${RUN_DEADLINE_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function main(): Promise<number> {
  const gateway = new Gateway(
    (option('gateway') ?? process.env.GATEWAY_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, ''),
    adminKey(),
  );
  const ready = await fetch(`${gateway.baseUrl}/health/ready`).then(
    (r) => r.ok,
    () => false,
  );
  if (!ready) {
    console.error(
      `the gateway at ${gateway.baseUrl} is not ready: start the dev fleet with \`npm start\` (or pass --gateway <url>)`,
    );
    return 1;
  }
  const { scenarios } = await gateway.call<{ scenarios: Record<string, { title: string; what: string }> }>(
    'GET',
    '/api/admin/scenarios',
  );
  const only = option('only')?.split(',');
  const names = Object.keys(scenarios).filter((name) => !only || only.includes(name));
  const holdMs = option('hold-ms') ? Number(option('hold-ms')) : undefined;
  let interrupted = false;
  process.once('SIGINT', () => {
    interrupted = true;
    console.log('\ninterrupted: clearing every fault…');
    void clearFaults(gateway).finally(() => process.exit(130));
  });

  let failures = 0;
  try {
    for (const name of names) {
      if (interrupted) break;
      console.log(`\n>> ${scenarios[name].title}: ${scenarios[name].what}`);
      const started = await gateway.call<{ id: string }>(
        'POST',
        `/api/admin/scenarios/${name}`,
        holdMs ? { holdMs } : {},
      );
      const { run, seen, peaks } = await follow(gateway, started.id);
      if (run.status !== 'finished') failures++;
      console.log(runReport(run, seen, peaks).join('\n'));
    }
  } finally {
    if (!interrupted) await clearFaults(gateway);
  }
  return failures === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`demo failed: ${error.message}`);
    process.exit(1);
  },
);
