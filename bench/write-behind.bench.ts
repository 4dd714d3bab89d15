/**
 * Write-behind next to direct synchronous MySQL inserts. Run: `npm run bench:write-behind`.
 *
 * Method: for each number of writer processes (BENCH_PROCESSES, default 1,2: one app, or two
 * replicas of it) and each number of callers in flight (BENCH_CONCURRENCY, default 64,256,
 * split evenly over the processes), WRITES writes per run with the same payloads, in one run,
 * against a private database and Redis prefix on 127.0.0.1 (MariaDB and Redis as configured on
 * the machine). Writes are made by driver processes (this file with `--driver`), the same way
 * for every mode; each driver connects first, then all start together:
 *   - direct: one autocommit `INSERT` per write through a mysql2 pool (one connection per
 *     caller, at most 64 in all so the shared server keeps connections for others).
 *   - write-behind, worker alongside: `store.write()` while a flush worker runs in a separate
 *     process (this file with `--worker`), as another app replica would.
 *   - write-behind, burst then drain: the same writes with the worker held back; it starts
 *     after the last write was accepted, so the drain of a full backlog is measured alone.
 * BENCH_DRIVER_FLAGS passes Node flags to the drivers (none by default).
 * Rate is writes / (first driver start → last driver end); latency is per call (p50/p99).
 * Drain rate is rows / (first accept or worker start → backlog empty). The run fails (exit 1)
 * unless every backlog drains and every write is in MySQL exactly once; missing the acceptance
 * goal (BENCH_TARGET_SPEEDUP, 20×) is reported, and fails the run only with BENCH_STRICT=1.
 */
import { ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';

import Redis from 'ioredis';
import { Connection, createConnection, createPool, Pool, RowDataPacket } from 'mysql2/promise';
import { Registry } from 'prom-client';

import { createTableSql, defineTable, EntryIdGenerator, WriteBehindStore } from '../libs/write-behind/src';

const WRITES = Number(process.env.BENCH_WRITES ?? 100_000);
const LEVELS = (process.env.BENCH_CONCURRENCY ?? '64,256').split(',').map(Number);
const PROCESSES = (process.env.BENCH_PROCESSES ?? '1,2').split(',').map(Number);
/** Node flags for the driver processes, e.g. `--max-semi-space-size=64` or `--cpu-prof`; none by default. */
const DRIVER_FLAGS = (process.env.BENCH_DRIVER_FLAGS ?? '').split(' ').filter(Boolean);
const TARGET_SPEEDUP = Number(process.env.BENCH_TARGET_SPEEDUP ?? 20);
const MAX_DIRECT_CONNECTIONS = 64;
const MYSQL = {
  host: process.env.MYSQL_HOST ?? '127.0.0.1',
  port: Number(process.env.MYSQL_PORT ?? 3306),
  user: process.env.MYSQL_USER ?? 'root',
  password: process.env.MYSQL_PASSWORD ?? '',
};
const REDIS = { host: process.env.REDIS_HOST ?? '127.0.0.1', port: Number(process.env.REDIS_PORT ?? 6379) };

interface Order {
  customerId: string;
  sku: string;
  quantity: number;
  totalCents: number;
  note: string;
}

function benchTable(name: string) {
  return defineTable<Order>({
    name,
    columns: {
      customer_id: { type: 'VARCHAR(64)' },
      sku: { type: 'VARCHAR(64)' },
      quantity: { type: 'INT' },
      total_cents: { type: 'BIGINT' },
      note: { type: 'VARCHAR(255)' },
    },
    indexes: [['customer_id']],
    toRow: (o) => ({
      customer_id: o.customerId,
      sku: o.sku,
      quantity: o.quantity,
      total_cents: o.totalCents,
      note: o.note,
    }),
    fromRow: (r) => ({
      customerId: String(r.customer_id),
      sku: String(r.sku),
      quantity: Number(r.quantity),
      totalCents: Number(r.total_cents),
      note: String(r.note),
    }),
  });
}

const payload = (i: number): Order => ({
  customerId: `customer-${i % 997}`,
  sku: `SKU-${(i * 7919) % 10_000}`,
  quantity: 1 + (i % 5),
  totalCents: 1_000 + i,
  note: `gift wrap, deliver to the back door, order ${i}`,
});

function storeOptions(database: string, keyPrefix: string) {
  return {
    name: 'bench',
    table: benchTable('wb_orders'),
    redis: REDIS,
    keyPrefix,
    maxBatchSize: 1_000,
    maxDelayMs: 100,
    maxBacklog: WRITES * 2,
    workerConcurrency: 3,
    registry: new Registry(),
    mysql: { ...MYSQL, database, connectionLimit: 4 },
  };
}

// ----------------------------------------------------------------------- child processes

type Mode = 'direct' | 'write-behind';

/** What the parent asks a driver to do: writes [from, to) with `concurrency` callers. */
interface DriverTask {
  mode: Mode;
  database: string;
  keyPrefix: string;
  from: number;
  to: number;
  concurrency: number;
  connections: number;
}

interface DriverResult {
  startNs: string;
  endNs: string;
  latenciesMs: number[];
}

const directInsert = (table: string) =>
  `INSERT INTO \`${table}\` (\`id\`, \`customer_id\`, \`sku\`, \`quantity\`, \`total_cents\`, \`note\`, \`version\`) VALUES (?, ?, ?, ?, ?, ?, 1)`;

// Each caller builds its payload when it writes, as a request handler gets a freshly parsed
// body: short-lived objects, like a server's (a pre-built array of every payload would instead
// sit in the old generation and make the garbage collector copy and mark it over and over).
// Latencies go to a typed array and are taken with performance.now(): no allocation per write,
// so the measurement does not add garbage-collector pauses of its own.
async function runWrites(
  from: number,
  to: number,
  concurrency: number,
  write: (order: Order) => Promise<unknown>,
  latencies?: Float64Array,
): Promise<void> {
  let next = from;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < to) {
        const i = next++;
        const t0 = performance.now();
        await write(payload(i));
        if (latencies) latencies[i - from] = performance.now() - t0;
      }
    }),
  );
}

// Driver mode: connect, say 'ready', write on 'go', report.
async function runDriver(task: DriverTask): Promise<void> {
  let write: (order: Order) => Promise<unknown>;
  let close: () => Promise<void>;
  if (task.mode === 'direct') {
    const pool: Pool = createPool({ ...MYSQL, database: task.database, connectionLimit: task.connections });
    const ids = new EntryIdGenerator();
    const table = benchTable('direct_orders');
    const insert = directInsert('direct_orders');
    write = (order) => {
      const row = table.toRow(order);
      return pool.query(insert, [ids.next(), row.customer_id, row.sku, row.quantity, row.total_cents, row.note]);
    };
    await pool.query('SELECT 1');
    close = () => pool.end();
  } else {
    const store = new WriteBehindStore(storeOptions(task.database, task.keyPrefix));
    await store.stats();
    write = (order) => store.write(order);
    close = () => store.close();
  }
  process.once('message', async () => {
    const latencies = new Float64Array(task.to - task.from);
    const start = process.hrtime.bigint();
    await runWrites(task.from, task.to, task.concurrency, write, latencies);
    const end = process.hrtime.bigint();
    await close();
    const result: DriverResult = { startNs: String(start), endNs: String(end), latenciesMs: Array.from(latencies) };
    process.send?.(result, () => process.exit(0));
  });
  process.send?.('ready');
}

// Worker mode: wait for 'start', flush until 'stop'.
async function runWorker(database: string, keyPrefix: string): Promise<void> {
  const store = new WriteBehindStore(storeOptions(database, keyPrefix));
  await store.stats(); // connected before the parent starts any clock
  process.on('message', async (message) => {
    if (message === 'start') {
      await store.startWorker();
      process.send?.('started');
    } else if (message === 'stop') {
      await store.close();
      process.exit(0);
    }
  });
  process.send?.('ready');
}

function nextMessage<T>(child: ChildProcess, accept: (message: unknown) => boolean): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onMessage = (message: unknown) => {
      if (!accept(message)) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(message as T);
    };
    const onExit = (code: number | null) => reject(new Error(`bench child exited with ${code}`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

interface WorkerProcess {
  start(): Promise<void>;
  stop(): Promise<void>;
}

async function forkWorker(database: string, keyPrefix: string): Promise<WorkerProcess> {
  const child = fork(__filename, ['--worker', database, keyPrefix], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  await nextMessage(child, (m) => m === 'ready');
  return {
    async start() {
      const started = nextMessage(child, (m) => m === 'started');
      child.send('start');
      await started;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.send('stop');
      await exited;
    },
  };
}

interface RunResult {
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  startNs: bigint;
  endNs: bigint;
}

/** Runs WRITES writes split over `processes` drivers that start together. */
async function drive(
  mode: Mode,
  processes: number,
  concurrency: number,
  database: string,
  keyPrefix: string,
): Promise<RunResult> {
  const per = Math.ceil(WRITES / processes);
  const children = Array.from({ length: processes }, (_, p) => {
    const task: DriverTask = {
      mode,
      database,
      keyPrefix,
      from: p * per,
      to: Math.min(WRITES, (p + 1) * per),
      concurrency: Math.max(1, Math.round(concurrency / processes)),
      connections: Math.max(1, Math.floor(Math.min(concurrency, MAX_DIRECT_CONNECTIONS) / processes)),
    };
    return fork(__filename, ['--driver', JSON.stringify(task)], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      execArgv: DRIVER_FLAGS,
    });
  });
  await Promise.all(children.map((child) => nextMessage(child, (m) => m === 'ready')));
  const results = children.map((child) => nextMessage<DriverResult>(child, (m) => typeof m === 'object' && m !== null));
  for (const child of children) child.send('go');
  const done = await Promise.all(results);
  const startNs = done.map((d) => BigInt(d.startNs)).reduce((a, b) => (a < b ? a : b));
  const endNs = done.map((d) => BigInt(d.endNs)).reduce((a, b) => (a > b ? a : b));
  const seconds = Number(endNs - startNs) / 1e9;
  const sorted = done.flatMap((d) => d.latenciesMs).sort((a, b) => a - b);
  const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  return { seconds, perSecond: WRITES / seconds, p50: pct(50), p99: pct(99), startNs, endNs };
}

// ----------------------------------------------------------------------------- parent

async function countRows(admin: Connection, table: string): Promise<{ rows: number; distinct: number }> {
  const [rows] = await admin.query<RowDataPacket[]>(`SELECT COUNT(*) AS n, COUNT(DISTINCT id) AS d FROM \`${table}\``);
  return { rows: Number(rows[0].n), distinct: Number(rows[0].d) };
}

async function untilDrained(store: WriteBehindStore<Order>): Promise<bigint> {
  const deadline = Date.now() + 60_000;
  while ((await store.stats()).backlog > 0) {
    if (Date.now() > deadline) throw new Error('backlog did not drain within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return process.hrtime.bigint();
}

const seconds = (from: bigint, to: bigint) => Number(to - from) / 1e9;
const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function recreate(admin: Connection, table: string): Promise<void> {
  await admin.query(`DROP TABLE IF EXISTS \`${table}\``);
  await admin.query(createTableSql(benchTable(table)));
}

async function main(): Promise<void> {
  const suffix = randomBytes(4).toString('hex');
  const database = `wb_bench_${suffix}`;
  const admin = await createConnection(MYSQL);
  await admin.query(`CREATE DATABASE \`${database}\``);
  await admin.query(`USE \`${database}\``);
  const redis = new Redis(REDIS);
  const prefixes: string[] = [];
  const workers: WorkerProcess[] = [];
  let failed = false;

  try {
    const acceptance: Record<string, Record<string, string>> = {};
    const drain: Record<string, Record<string, string>> = {};
    const problems: string[] = [];
    const goalMet: string[] = [];
    const goalMissed: string[] = [];
    let runIndex = 0;

    for (const processes of PROCESSES) {
      for (const concurrency of LEVELS) {
        const setup = `${processes} process${processes > 1 ? 'es' : ''} × ${concurrency / processes} callers`;
        // Direct: one synchronous INSERT per write.
        await recreate(admin, 'direct_orders');
        const direct = await drive('direct', processes, concurrency, database, '');
        const directRows = await countRows(admin, 'direct_orders');
        if (directRows.rows !== WRITES || directRows.distinct !== WRITES)
          problems.push(`${setup}: direct rows != writes`);
        acceptance[`${setup} · direct INSERT`] = {
          'writes/s': fmt(direct.perSecond),
          'p50 ms': fmt(direct.p50, 2),
          'p99 ms': fmt(direct.p99, 2),
          'vs direct': '1.0×',
          'rows in MySQL': `${directRows.rows} (${directRows.distinct} distinct)`,
        };

        for (const [scenario, workerAlongside] of [
          ['write-behind, worker alongside', true],
          ['write-behind, burst then drain', false],
        ] as const) {
          const label = `${setup} · ${scenario}`;
          const keyPrefix = `wbbench:${suffix}:${runIndex++}`;
          prefixes.push(keyPrefix);
          await recreate(admin, 'wb_orders');
          const worker = await forkWorker(database, keyPrefix);
          workers.push(worker);
          const store = new WriteBehindStore(storeOptions(database, keyPrefix));
          await store.stats();
          if (workerAlongside) await worker.start();
          const result = await drive('write-behind', processes, concurrency, database, keyPrefix);
          let drainStart = result.startNs;
          if (!workerAlongside) {
            drainStart = process.hrtime.bigint();
            await worker.start();
          }
          const emptyAt = await untilDrained(store);
          await store.close();
          await worker.stop();
          const rows = await countRows(admin, 'wb_orders');
          if (rows.rows !== WRITES || rows.distinct !== WRITES)
            problems.push(`${label}: backlog not drained exactly once`);
          const speedup = result.perSecond / direct.perSecond;
          (speedup >= TARGET_SPEEDUP ? goalMet : goalMissed).push(`${label} ${fmt(speedup, 1)}×`);
          acceptance[label] = {
            'writes/s': fmt(result.perSecond),
            'p50 ms': fmt(result.p50, 2),
            'p99 ms': fmt(result.p99, 2),
            'vs direct': `${fmt(speedup, 1)}×`,
            'rows in MySQL': `${rows.rows} (${rows.distinct} distinct)`,
          };
          drain[label] = {
            'drain rows/s': fmt(WRITES / seconds(drainStart, emptyAt)),
            'empty after last accept s': fmt(seconds(result.endNs, emptyAt), 2),
          };
        }
      }
    }

    console.log(`\nwrite-behind vs direct INSERT: ${fmt(WRITES)} writes per run, same payloads, same run \n`);
    console.table(acceptance);
    console.table(drain);
    if (problems.length > 0) {
      failed = true;
      console.error(`FAILED: ${problems.join('; ')}`);
    } else {
      console.log('OK: every backlog drained, every write in MySQL exactly once');
    }
    console.log(`acceptance goal ${TARGET_SPEEDUP}× direct`);
    console.log(`  met by: ${goalMet.join('; ') || 'none'}`);
    console.log(`  missed by: ${goalMissed.join('; ') || 'none'}`);
    if (goalMissed.length > 0 && process.env.BENCH_STRICT === '1') failed = true;
  } finally {
    await Promise.all(workers.map((worker) => worker.stop()));
    await admin.query(`DROP DATABASE \`${database}\``);
    await admin.end();
    for (const prefix of prefixes) {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
        if (keys.length > 0) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
    }
    await redis.quit();
  }
  process.exitCode = failed ? 1 : 0;
}

const fail = (error: unknown) => {
  console.error(error);
  process.exit(1);
};
if (process.argv[2] === '--worker') {
  runWorker(process.argv[3], process.argv[4]).catch(fail);
} else if (process.argv[2] === '--driver') {
  runDriver(JSON.parse(process.argv[3]) as DriverTask).catch(fail);
} else {
  main().catch(fail);
}
