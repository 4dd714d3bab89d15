/**
 * End-to-end throughput, latency and cost of the order saga on a real fleet, beside a floor.
 * Run: `npm run bench:saga` (`BENCH_PROFILE=e2e` to use the e2e fleet instead of `dev`).
 *
 * Uses the fleet of BENCH_PROFILE (default `dev`) when its gateway answers, else starts it with the
 * fleet CLI (and leaves it running: `node tools/fleet/cli.mjs stop --profile <profile>`).
 *
 * - Idle: every process's CPU over BENCH_IDLE_S seconds of an idle fleet (% of one core); with
 *   BENCH_IDLE_ONLY=1 the bench stops there.
 * - Calibration: BENCH_CALIBRATION_ORDERS orders by one client with MariaDB's general log on, which
 *   gives the exact statements and commits of one order in the fleet's databases (with
 *   BENCH_STATEMENTS=1, their list) and, from the topics' offsets, its Kafka messages.
 * - Levels (BENCH_LEVELS, default `1,8,32,64`): that many closed-loop clients each place an order
 *   (`POST /api/orders`, own Idempotency-Key), wait until its saga is final, place the next.
 *   Completion is learned from the `orders.completed` event by a consumer group of the bench's own
 *   (never by polling the gateway); latency is POST sent → the event's `completedAt` (server time).
 *   Per level: orders/s, p50/p95/p99, CPU ms per order of each process (/proc/<pid>/stat; in total
 *   also net of what the idle fleet burns over the same time), the
 *   server's statement and commit counters per order (server-wide: other clients of a shared
 *   MariaDB count too) and Kafka messages per order, with the load average.
 * - Floor: the same levels through {@link Floor}: bare kafkajs + mysql2 making as many Kafka hops
 *   and MySQL commits per order as the calibration counted, on the same broker and server.
 * - Replicas (BENCH_REPLICAS=2, or 3: the saga topics have 3 partitions): once the fleet is up, the
 *   bench starts a second process of `orders` and of `inventory` ({@link Replicas}: the fleet's script
 *   and environment, port +50, log .run/<profile>/logs/<app>-replica.log), awaits their readiness
 *   and stable groups, and watches their CPU as `orders#2`, `inventory#2`. After the levels it prints,
 *   per consumer group of both apps, the partitions each replica holds and the messages of each topic
 *   it consumed over the levels (its /metrics), then `replicas: N orders placed, N final, 0 lost`
 *   from the orders database (a refused POST is looked up by its Idempotency-Key), and stops the
 *   replicas by pid. Exits non-zero if an order was lost or a replica held or did no saga work.
 *
 * Knobs: BENCH_ORDERS_PER_CLIENT (10), BENCH_MIN_ORDERS per level (40), BENCH_ORDER_TIMEOUT_MS (30000).
 * Requests carry the operator key, so the gateway's per-client rate limit does not cut in.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';

import { Admin } from 'kafkajs';
import { Connection, createConnection, RowDataPacket } from 'mysql2/promise';

import { benchKafka, CompletionWatcher, offsetDelta, topicOffsets } from './saga/completion';
import { Floor } from './saga/floor';
import { cpuDelta, machineCpuMs, snapshotCpu, WatchedProcess, watchedProcesses } from './saga/process-cpu';
import { lossCheck, PlacedOrder, printLossCheck, Replicas } from './saga/replicas';
import { counterDelta, countStatements, readServerCounters } from './saga/server-counters';
import { percentile } from './support/stats';

const ROOT = join(__dirname, '..', '..');
const PROFILE = process.env.BENCH_PROFILE ?? 'dev';
const LEVELS = (process.env.BENCH_LEVELS ?? '1,8,32,64').split(',').map(Number);
const ORDERS_PER_CLIENT = Number(process.env.BENCH_ORDERS_PER_CLIENT ?? 10);
const MIN_ORDERS = Number(process.env.BENCH_MIN_ORDERS ?? 40);
const IDLE_S = Number(process.env.BENCH_IDLE_S ?? 10);
const CALIBRATION_ORDERS = Number(process.env.BENCH_CALIBRATION_ORDERS ?? 20);
const ORDER_TIMEOUT_MS = Number(process.env.BENCH_ORDER_TIMEOUT_MS ?? 30_000);
const REPLICAS = Number(process.env.BENCH_REPLICAS ?? 1);
const SKUS = ['DOG-TREATS-500', 'CAT-TOY-MOUSE', 'FISH-FLAKES-250', 'BIRD-SEED-2KG', 'RAB-HAY-1KG', 'DOG-LEASH-RED'];
/** The replicas the bench started (BENCH_REPLICAS), stopped whichever way the bench ends. */
let replicas: Replicas | undefined;

interface FleetInfo {
  adminApiKey: string;
  kafkaBrokers: string;
  processes: { name: string; port: number; script?: string; env?: Record<string, string> }[];
}

function fleetInfo(): FleetInfo | undefined {
  const file = join(ROOT, '.run', PROFILE, 'fleet.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as FleetInfo) : undefined;
}

async function gatewayUp(info: FleetInfo | undefined): Promise<boolean> {
  const gateway = info?.processes.find((p) => p.name === 'gateway');
  if (!gateway) return false;
  try {
    const answer = await fetch(`http://127.0.0.1:${gateway.port}/health/ready`, { signal: AbortSignal.timeout(2000) });
    return answer.status === 200;
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

interface Outcome extends Partial<PlacedOrder> {
  latencyMs: number;
  status: string;
}

/** What the bench needs to place orders and to learn their end. */
interface Rig {
  base: string;
  headers: Record<string, string>;
  watcher: CompletionWatcher;
}

let counter = 0;

async function oneOrder(rig: Rig): Promise<Outcome> {
  const n = counter++;
  const startedAt = Date.now();
  const key = randomUUID();
  const body = {
    customerId: `bench-${n % 1000}`,
    items: [{ sku: SKUS[n % SKUS.length], quantity: 1 + (n % 3) }],
    payment: { method: 'card' },
    shippingAddress: { name: 'Bench', street: 'Loop 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
  };
  const posted = await fetch(`${rig.base}/api/orders`, {
    method: 'POST',
    headers: { ...rig.headers, 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify(body),
  });
  const answer = (await posted.json()) as { orderId?: string };
  if (posted.status !== 202 || !answer.orderId)
    return { key, latencyMs: Date.now() - startedAt, status: `HTTP ${posted.status}` };
  const final = await rig.watcher.untilFinal(answer.orderId);
  return { key, orderId: answer.orderId, latencyMs: final.finishedAt - startedAt, status: final.status };
}

const round = (n: number, digits = 1): number => Math.round(n * 10 ** digits) / 10 ** digits;

/** `concurrency` closed-loop clients placing `perClient` orders each (`order` is one of them). */
async function closedLoop(concurrency: number, perClient: number, order: () => Promise<Outcome>) {
  const outcomes: Outcome[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = 0; i < perClient; i++) outcomes.push(await order());
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const latencies = outcomes.map((o) => o.latencyMs).sort((a, b) => a - b);
  const byStatus: Record<string, number> = {};
  for (const o of outcomes) byStatus[o.status] = (byStatus[o.status] ?? 0) + 1;
  return {
    all: outcomes,
    orders: outcomes.length,
    seconds,
    perSecond: round(outcomes.length / seconds),
    p50: Math.round(percentile(latencies, 50)),
    p95: Math.round(percentile(latencies, 95)),
    p99: Math.round(percentile(latencies, 99)),
    outcomes: Object.entries(byStatus)
      .map(([k, v]) => `${k} ${v}`)
      .join(', '),
  };
}

const perClientAt = (concurrency: number): number => Math.max(ORDERS_PER_CLIENT, Math.ceil(MIN_ORDERS / concurrency));
const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

/** Runs `work` and returns each process's CPU ms and the machine's busy share over it. */
async function measured<T>(processes: WatchedProcess[], work: () => Promise<T>) {
  const cpuBefore = snapshotCpu(processes);
  const machineBefore = machineCpuMs();
  const result = await work();
  const cpu = cpuDelta(cpuBefore, snapshotCpu(processes));
  const machine = machineCpuMs();
  return { result, cpu, busy: (machine.busy - machineBefore.busy) / (machine.total - machineBefore.total) };
}

function cpuRow(label: string, cpu: Map<string, number>, orders: number): Record<string, string | number> {
  const row: Record<string, string | number> = { run: label };
  let fleet = 0;
  for (const [name, ms] of cpu) {
    row[name] = round(ms / orders);
    if (name !== 'bench') fleet += ms;
  }
  row['all but bench'] = round(fleet / orders);
  return row;
}

async function main(): Promise<void> {
  const info = await ensureFleet();
  const gateway = info.processes.find((p) => p.name === 'gateway')!;
  const schemas = new Set(info.processes.map((p) => p.env?.MYSQL_DATABASE).filter((s): s is string => !!s));
  const ordersSchema = info.processes.find((p) => p.name === 'orders')?.env?.MYSQL_DATABASE ?? 'orders';
  const processes = watchedProcesses(ROOT, PROFILE);
  const db: Connection = await createConnection({ host: '127.0.0.1', user: 'root', timezone: 'Z' });
  const kafka = benchKafka(info.kafkaBrokers, 'bench-saga');
  const admin: Admin = kafka.admin();
  await admin.connect();
  if (REPLICAS > 1) {
    replicas = new Replicas(ROOT, PROFILE, info, admin);
    replicas.stopOnSignal();
    await replicas.start(REPLICAS);
    replicas.watch(processes);
  }
  const watcher = new CompletionWatcher(
    kafka,
    async (orderId) => {
      const [[saga]] = await db.query<RowDataPacket[]>(
        `SELECT status, COALESCE(finished_at, updated_at) AS at FROM \`${ordersSchema}\`.sagas WHERE order_id = ?`,
        [orderId],
      );
      return { status: saga ? `${String(saga.status)} (no event)` : 'UNKNOWN', finishedAt: Date.now() };
    },
    ORDER_TIMEOUT_MS,
  );
  await watcher.start();
  const rig: Rig = { base: `http://127.0.0.1:${gateway.port}`, headers: { 'x-admin-key': info.adminApiKey }, watcher };
  console.log(
    `order saga benchmark: profile ${PROFILE}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}`,
  );
  console.log(
    'completion: a bench consumer group on orders.completed (no polling through the fleet); latency = POST sent → event completedAt',
  );

  // Idle fleet.
  const idle = await measured(processes, () => new Promise((r) => setTimeout(r, IDLE_S * 1000)));
  const idleRow: Record<string, number> = {};
  for (const [name, ms] of idle.cpu) idleRow[name] = round((ms / (IDLE_S * 1000)) * 100);
  const idleTotal = [...idle.cpu].filter(([n]) => n !== 'bench').reduce((s, [, ms]) => s + ms, 0);
  console.log(`\nidle fleet over ${IDLE_S}s: % of one core per process (load average ${load()})`);
  console.table([{ ...idleRow, 'all but bench': round((idleTotal / (IDLE_S * 1000)) * 100) }]);
  if (process.env.BENCH_IDLE_ONLY === '1') {
    await Promise.all([watcher.stop(), admin.disconnect(), db.end(), replicas?.stop()]);
    return;
  }

  await closedLoop(2, 5, () => oneOrder(rig)); // warm-up: JIT, pools, fetch sessions

  // Calibration: exact statements, commits and Kafka messages of one order.
  const offsetsBefore = await topicOffsets(admin);
  const statements = await countStatements(db, schemas, async () => {
    await closedLoop(1, CALIBRATION_ORDERS, () => oneOrder(rig));
  });
  const messages = offsetDelta(offsetsBefore, await topicOffsets(admin));
  const kafkaPerOrder = [...messages.values()].reduce((a, b) => a + b, 0) / CALIBRATION_ORDERS;
  const perOrder = (n: number): number => round(n / CALIBRATION_ORDERS, 2);
  console.log(
    `\none order (general log over ${CALIBRATION_ORDERS} orders, fleet databases only): ${perOrder(statements.statements)} statements, ${perOrder(statements.commits)} commits; ${round(kafkaPerOrder, 2)} Kafka messages`,
  );
  console.log(
    `  statements by database: ${[...statements.bySchema].map(([s, n]) => `${s} ${perOrder(n)}`).join(', ')}`,
  );
  console.log(`  messages by topic: ${[...messages].map(([t, n]) => `${t} ${perOrder(n)}`).join(', ')}`);
  if (process.env.BENCH_STATEMENTS === '1') {
    console.log('  statement list (per order):');
    for (const [text, n] of [...statements.byText].sort((a, b) => b[1] - a[1]))
      console.log(`    ${perOrder(n).toFixed(2).padStart(6)}  ${text.slice(0, 220)}`);
  }

  // The levels.
  const rows = [];
  const cpuRows = [];
  const placed: PlacedOrder[] = [];
  const replicasBefore = await replicas?.mark();
  for (const level of LEVELS) {
    const before = await topicOffsets(admin);
    const countersBefore = await readServerCounters(db);
    const run = await measured(processes, () => closedLoop(level, perClientAt(level), () => oneOrder(rig)));
    const counters = counterDelta(countersBefore, await readServerCounters(db));
    const produced = [...offsetDelta(before, await topicOffsets(admin)).values()].reduce((a, b) => a + b, 0);
    const n = run.result.orders;
    placed.push(...run.result.all.map((o) => ({ key: o.key!, orderId: o.orderId })));
    const fleetCpu = [...run.cpu].filter(([name]) => name !== 'bench').reduce((s, [, ms]) => s + ms, 0);
    // What the orders added to what the fleet burns anyway (its idle rate over the same time).
    const netCpu = fleetCpu - (idleTotal / (IDLE_S * 1000)) * run.result.seconds * 1000;
    rows.push({
      clients: level,
      orders: n,
      'orders/s': run.result.perSecond,
      'p50 ms': run.result.p50,
      'p95 ms': run.result.p95,
      'p99 ms': run.result.p99,
      'CPU ms/order': round(fleetCpu / n),
      'net of idle': round(netCpu / n),
      'machine busy %': Math.round(run.busy * 100),
      'stmts/order*': round(counters.Questions / n),
      'commits/order*': round(counters.Handler_commit / n),
      'msgs/order': round(produced / n),
      outcomes: run.result.outcomes,
      load: load(),
    });
    cpuRows.push(cpuRow(`ours × ${level}`, run.cpu, n));
    console.log(JSON.stringify(rows[rows.length - 1])); // as it comes, in case a later level stalls
  }
  await watcher.stop();

  // Replicas: who held which partitions and did the work, and whether every order placed ended
  // (that verdict is printed once, with the run's summary at the end).
  const problems = replicasBefore ? replicas!.report(replicasBefore, await replicas!.mark()) : [];
  const loss = replicas ? await lossCheck(db, ordersSchema, placed, ORDER_TIMEOUT_MS) : undefined;
  await replicas?.stop();

  // The floor, at the same levels.
  const floorDatabase = `${ordersSchema.replace(/orders$/, '')}bench_floor`;
  const floor = await Floor.prepare(kafka, floorDatabase);
  floor.setShape({ hops: kafkaPerOrder, commits: statements.commits / CALIBRATION_ORDERS });
  const floorOrder = async (): Promise<Outcome> => {
    const latencyMs = await floor.order(ORDER_TIMEOUT_MS);
    return latencyMs === undefined
      ? { latencyMs: ORDER_TIMEOUT_MS, status: 'TIMED OUT' }
      : { latencyMs, status: 'DONE' };
  };
  await closedLoop(2, 5, floorOrder);
  const floorRows = [];
  for (const [i, level] of LEVELS.entries()) {
    const run = await measured(processes, () => closedLoop(level, perClientAt(level), floorOrder));
    const n = run.result.orders;
    const cpu = new Map([...run.cpu].filter(([name]) => ['kafka', 'mariadb', 'bench'].includes(name)));
    const floorCpu = [...cpu.values()].reduce((a, b) => a + b, 0);
    const ours = rows[i];
    floorRows.push({
      clients: level,
      'floor orders/s': run.result.perSecond,
      'p50 ms': run.result.p50,
      'p99 ms': run.result.p99,
      'CPU ms/order': round(floorCpu / n),
      outcomes: run.result.outcomes,
      'ours/floor orders/s': round(ours['orders/s'] / run.result.perSecond, 2),
      'ours/floor CPU': round(ours['CPU ms/order'] / (floorCpu / n), 1),
      load: load(),
    });
    cpuRows.push(cpuRow(`floor × ${level}`, cpu, n));
    console.log(JSON.stringify(floorRows[floorRows.length - 1]));
  }
  await floor.stop();
  await admin.disconnect();
  await db.end();

  console.log('\nours: POST → saga completed');
  console.table(rows);
  console.log(
    '* server-wide counters (SHOW GLOBAL STATUS Questions, Handler_commit): include other clients of a shared MariaDB; the exact figures are the calibration above',
  );
  console.log(
    `\nfloor: kafkajs + mysql2 only, ${floor.hops} Kafka hops and ${round(statements.commits / CALIBRATION_ORDERS, 1)} commits per order on the same broker and MariaDB (CPU = floor process + broker + MariaDB)`,
  );
  console.table(floorRows);
  console.log('\nCPU ms per order, per process (/proc/<pid>/stat; mariadb is shared with anything else using it)');
  console.table(cpuRows);
  console.log(`cores: ${cpus().length}; load average at the end ${load()}`);
  if (watcher.timedOut > 0)
    console.log(`${watcher.timedOut} orders had no orders.completed event (read from the database)`);
  if (loss) printLossCheck(loss);
  for (const problem of problems) console.log(`replicas: ${problem}`);
  if (loss?.lost.length || problems.length) process.exitCode = 1;
}

main().catch(async (error: Error) => {
  console.error(error.stack ?? error.message);
  await replicas?.stop();
  process.exit(1);
});
