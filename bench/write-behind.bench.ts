/**
 * Write-behind next to direct synchronous MySQL inserts. Run: `npm run bench:write-behind`.
 *
 * Method: for each concurrency level (BENCH_CONCURRENCY, default 64,256 callers in flight),
 * WRITES writes per run with the same payloads, in one process run, against a private
 * database and Redis prefix on 127.0.0.1 (MariaDB and Redis as configured on the machine):
 *   - direct: one autocommit `INSERT` per write through a mysql2 pool (one connection per
 *     caller, at most 64 so the shared server keeps connections for others).
 *   - write-behind, worker alongside: `store.write()` while a flush worker runs in a separate
 *     process (this file with `--worker`), as another app replica would.
 *   - write-behind, burst then drain: the same writes with the worker held back; it starts
 *     after the last write was accepted, so the drain of a full backlog is measured alone.
 * Latency is per call (p50/p99). Drain rate is rows / (first accept or worker start → backlog
 * empty). The run fails (exit 1) unless every backlog drains and every write is in MySQL
 * exactly once; missing the acceptance goal (BENCH_TARGET_SPEEDUP, 20×) is reported, and
 * fails the run only with BENCH_STRICT=1.
 */
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Connection, createConnection, createPool, RowDataPacket } from 'mysql2/promise';
import Redis from 'ioredis';
import { Registry } from 'prom-client';
import { createTableSql, defineTable, EntryIdGenerator, WriteBehindStore } from '../libs/write-behind/src';

const WRITES = Number(process.env.BENCH_WRITES ?? 20_000);
const LEVELS = (process.env.BENCH_CONCURRENCY ?? '64,256').split(',').map(Number);
const TARGET_SPEEDUP = Number(process.env.BENCH_TARGET_SPEEDUP ?? 20);
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
    toRow: (o) => ({ customer_id: o.customerId, sku: o.sku, quantity: o.quantity, total_cents: o.totalCents, note: o.note }),
    fromRow: (r) => ({
      customerId: String(r.customer_id),
      sku: String(r.sku),
      quantity: Number(r.quantity),
      totalCents: Number(r.total_cents),
      note: String(r.note),
    }),
  });
}

const payloads: Order[] = Array.from({ length: WRITES }, (_, i) => ({
  customerId: `customer-${i % 997}`,
  sku: `SKU-${(i * 7919) % 10_000}`,
  quantity: 1 + (i % 5),
  totalCents: 1_000 + i,
  note: `gift wrap, deliver to the back door, order ${i}`,
}));

interface RunResult {
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
}

async function drive(concurrency: number, write: (payload: Order) => Promise<unknown>): Promise<RunResult> {
  const latencies = new Float64Array(WRITES);
  let next = 0;
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < WRITES) {
        const i = next++;
        const t0 = process.hrtime.bigint();
        await write(payloads[i]);
        latencies[i] = Number(process.hrtime.bigint() - t0) / 1e6;
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const sorted = Array.from(latencies).sort((a, b) => a - b);
  const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  return { seconds, perSecond: WRITES / seconds, p50: pct(50), p99: pct(99) };
}

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

interface WorkerProcess {
  start(): Promise<void>;
  stop(): Promise<void>;
}

async function forkWorker(database: string, keyPrefix: string): Promise<WorkerProcess> {
  const child = fork(__filename, ['--worker', database, keyPrefix], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = (expected: string) =>
    new Promise<void>((resolve, reject) => {
      const onMessage = (message: unknown) => {
        if (message !== expected) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve();
      };
      const onExit = (code: number | null) => reject(new Error(`worker exited with ${code}`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  await next('ready');
  return {
    async start() {
      const started = next('started');
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
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

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

    for (const concurrency of LEVELS) {
      // Direct: one synchronous INSERT per write.
      await admin.query('DROP TABLE IF EXISTS `direct_orders`');
      await admin.query(createTableSql(benchTable('direct_orders')));
      const pool = createPool({ ...MYSQL, database, connectionLimit: Math.min(concurrency, 64) });
      const ids = new EntryIdGenerator();
      const directTable = benchTable('direct_orders');
      const insert =
        'INSERT INTO `direct_orders` (`id`, `customer_id`, `sku`, `quantity`, `total_cents`, `note`, `version`) VALUES (?, ?, ?, ?, ?, ?, 1)';
      await pool.query('SELECT 1');
      const direct = await drive(concurrency, async (order) => {
        const row = directTable.toRow(order);
        await pool.query(insert, [ids.next(), row.customer_id, row.sku, row.quantity, row.total_cents, row.note]);
      });
      await pool.end();
      const directRows = await countRows(admin, 'direct_orders');
      if (directRows.rows !== WRITES || directRows.distinct !== WRITES) problems.push(`${concurrency} callers: direct rows != writes`);
      acceptance[`${concurrency} callers · direct INSERT`] = {
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
        const label = `${concurrency} callers · ${scenario}`;
        const keyPrefix = `wbbench:${suffix}:${runIndex++}`;
        prefixes.push(keyPrefix);
        await admin.query('DROP TABLE IF EXISTS `wb_orders`');
        await admin.query(createTableSql(benchTable('wb_orders')));
        const worker = await forkWorker(database, keyPrefix);
        workers.push(worker);
        const store = new WriteBehindStore(storeOptions(database, keyPrefix));
        await store.stats();
        if (workerAlongside) await worker.start();
        const firstWrite = process.hrtime.bigint();
        const result = await drive(concurrency, (order) => store.write(order));
        const lastAccept = process.hrtime.bigint();
        let drainStart = firstWrite;
        if (!workerAlongside) {
          drainStart = process.hrtime.bigint();
          await worker.start();
        }
        const emptyAt = await untilDrained(store);
        await store.close();
        await worker.stop();
        const rows = await countRows(admin, 'wb_orders');
        if (rows.rows !== WRITES || rows.distinct !== WRITES) problems.push(`${label}: backlog not drained exactly once`);
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
          'empty after last accept s': fmt(seconds(lastAccept, emptyAt), 2),
        };
      }
    }

    console.log(`\nwrite-behind vs direct INSERT: ${fmt(WRITES)} writes per run, same payloads, same run\n`);
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

if (process.argv[2] === '--worker') {
  runWorker(process.argv[3], process.argv[4]).catch((error) => {
    console.error(error);
    process.exit(1);
  });
} else {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
