/**
 * End-to-end throughput and latency of the order saga on a real fleet. Run: `npm run bench:saga`.
 *
 * Uses the fleet of BENCH_PROFILE (default `dev`) when its gateway answers, else starts it with
 * the fleet CLI (and leaves it running: `npm stop` stops it). For each concurrency level, that
 * many closed-loop clients each place an order (`POST /api/orders`, own Idempotency-Key), wait
 * until its saga is final, then place the next one. One shared watcher reads the most recently
 * updated sagas (`GET /api/sagas`) every POLL_MS for all clients at once, so that polling is not
 * the load being measured.
 *
 * Latency is POST sent → the saga's final `updatedAt` (its finishing time; both are wall clocks of
 * this one machine), so it does not depend on the poll interval. Reported: orders/s (which does
 * include up to one poll interval per order), p50/p95/p99, outcomes, core count.
 *
 * Knobs: BENCH_LEVELS (default `1,8,32`), BENCH_ORDERS_PER_CLIENT (default 10), BENCH_POLL_MS (50).
 * Requests carry the operator key, so the gateway's per-client rate limit does not cut in.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';

import { percentile } from './support/stats';

const ROOT = join(__dirname, '..', '..');
const PROFILE = process.env.BENCH_PROFILE ?? 'dev';
const LEVELS = (process.env.BENCH_LEVELS ?? '1,8,32').split(',').map(Number);
const ORDERS_PER_CLIENT = Number(process.env.BENCH_ORDERS_PER_CLIENT ?? 10);
const FINAL = new Set(['COMPLETED', 'COMPENSATED', 'FAILED']);
const SKUS = ['DOG-TREATS-500', 'CAT-TOY-MOUSE', 'FISH-FLAKES-250', 'BIRD-SEED-2KG', 'RAB-HAY-1KG', 'DOG-LEASH-RED'];

interface FleetInfo {
  adminApiKey: string;
  processes: { name: string; port: number }[];
}

function fleetInfo(): FleetInfo | undefined {
  const file = join(ROOT, '.run', PROFILE, 'fleet.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as FleetInfo) : undefined;
}

async function gatewayUp(info: FleetInfo | undefined): Promise<boolean> {
  const gateway = info?.processes.find((p) => p.name === 'gateway');
  if (!gateway) return false;
  try {
    return (
      (await fetch(`http://127.0.0.1:${gateway.port}/health/ready`, { signal: AbortSignal.timeout(2000) })).status ===
      200
    );
  } catch {
    return false;
  }
}

async function ensureFleet(): Promise<FleetInfo> {
  if (await gatewayUp(fleetInfo())) return fleetInfo()!;
  console.log(`starting the ${PROFILE} fleet…`);
  const result = spawnSync(process.execPath, [join(ROOT, 'tools/fleet/cli.mjs'), 'start', '--profile', PROFILE], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error(`could not start the ${PROFILE} fleet`);
  return fleetInfo()!;
}

interface Outcome {
  latencyMs: number;
  status: string;
}

const POLL_MS = Number(process.env.BENCH_POLL_MS ?? 50);

/** Watches the newest sagas for every client at once and resolves each order when its saga is final. */
class SagaWatcher {
  private readonly waiting = new Map<string, (final: { status: string; finishedAt: number }) => void>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly base: string,
    private readonly headers: Record<string, string>,
  ) {}

  untilFinal(orderId: string): Promise<{ status: string; finishedAt: number }> {
    return new Promise((resolve) => {
      this.waiting.set(orderId, resolve);
      this.timer ??= setTimeout(() => void this.poll(), POLL_MS);
    });
  }

  private async poll(): Promise<void> {
    try {
      const limit = Math.min(1000, this.waiting.size * 4 + 50);
      const response = await fetch(`${this.base}/api/sagas?limit=${limit}`, { headers: this.headers });
      if (response.status === 200) {
        for (const saga of (await response.json()) as { orderId: string; status: string; updatedAt: string }[]) {
          const resolve = this.waiting.get(saga.orderId);
          if (!resolve || !FINAL.has(saga.status)) continue;
          this.waiting.delete(saga.orderId);
          resolve({ status: saga.status, finishedAt: Date.parse(saga.updatedAt) });
        }
      }
    } finally {
      this.timer = this.waiting.size > 0 ? setTimeout(() => void this.poll(), POLL_MS) : undefined;
    }
  }
}

async function oneOrder(
  base: string,
  headers: Record<string, string>,
  watcher: SagaWatcher,
  n: number,
): Promise<Outcome> {
  const startedAt = Date.now();
  const body = {
    customerId: `bench-${n % 1000}`,
    items: [{ sku: SKUS[n % SKUS.length], quantity: 1 + (n % 3) }],
    payment: { method: 'card' },
    shippingAddress: { name: 'Bench', street: 'Loop 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
  };
  const posted = await fetch(`${base}/api/orders`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
    body: JSON.stringify(body),
  });
  const answer = (await posted.json()) as { orderId?: string };
  if (posted.status !== 202 || !answer.orderId)
    return { latencyMs: Date.now() - startedAt, status: `HTTP ${posted.status}` };
  const final = await watcher.untilFinal(answer.orderId);
  return { latencyMs: final.finishedAt - startedAt, status: final.status };
}

async function runLevel(base: string, headers: Record<string, string>, concurrency: number) {
  const watcher = new SagaWatcher(base, headers);
  const outcomes: Outcome[] = [];
  let counter = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = 0; i < ORDERS_PER_CLIENT; i++) outcomes.push(await oneOrder(base, headers, watcher, counter++));
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const latencies = outcomes.map((o) => o.latencyMs).sort((a, b) => a - b);
  const byStatus: Record<string, number> = {};
  for (const o of outcomes) byStatus[o.status] = (byStatus[o.status] ?? 0) + 1;
  return {
    concurrency,
    orders: outcomes.length,
    'orders/s': Math.round((outcomes.length / seconds) * 10) / 10,
    'p50 ms': Math.round(percentile(latencies, 50)),
    'p95 ms': Math.round(percentile(latencies, 95)),
    'p99 ms': Math.round(percentile(latencies, 99)),
    outcomes: Object.entries(byStatus)
      .map(([k, v]) => `${k} ${v}`)
      .join(', '),
  };
}

async function main(): Promise<void> {
  const info = await ensureFleet();
  const gateway = info.processes.find((p) => p.name === 'gateway')!;
  const base = `http://127.0.0.1:${gateway.port}`;
  const headers = { 'x-admin-key': info.adminApiKey };
  console.log(
    `order saga benchmark: profile ${PROFILE}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}`,
  );
  // Warm-up: JIT, connection pools, consumer fetch sessions.
  await runLevel(base, headers, 2);
  const rows = [];
  for (const level of LEVELS) rows.push(await runLevel(base, headers, level));
  console.table(rows);
  console.log(
    `cores: ${cpus().length}; latency = POST sent → saga finished (server time); load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
