/**
 * Write-behind next to direct synchronous MySQL inserts. Run: `npm run bench:write-behind`.
 *
 * Method: WRITES writes with CONCURRENCY callers in flight, same payloads, same run, against
 * a private database and Redis prefix on 127.0.0.1 (MariaDB with its default durable
 * settings, Redis as configured on the machine).
 *   - direct: one `INSERT` per write through a mysql2 pool of CONCURRENCY connections.
 *   - write-behind: `store.write()` (Redis script + occasional Bull enqueue) while a flush
 *     worker runs in a separate process (this file with `--worker`), as an app replica would.
 * Latency is per call (p50/p99). Drain is measured on the worker's rows: rows/s from the first
 * accepted write until the backlog is empty, and how long emptying took after the last
 * accepted write. The run fails (exit 1) unless every write is in MySQL exactly once and
 * write-behind accepts at least TARGET_SPEEDUP times the direct rate.
 */
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createConnection, createPool, RowDataPacket } from 'mysql2/promise';
import Redis from 'ioredis';
import { Registry } from 'prom-client';
import { createTableSql, defineTable, EntryIdGenerator, WriteBehindStore } from '../libs/write-behind/src';

const WRITES = Number(process.env.BENCH_WRITES ?? 20_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
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

async function drive(write: (payload: Order) => Promise<unknown>): Promise<RunResult> {
  const latencies = new Float64Array(WRITES);
  let next = 0;
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
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

// Worker mode: flush until the parent says stop.
async function runWorker(database: string, keyPrefix: string): Promise<void> {
  const store = new WriteBehindStore(storeOptions(database, keyPrefix));
  await store.startWorker();
  process.send?.('ready');
  process.on('message', async (message) => {
    if (message === 'stop') {
      await store.close();
      process.exit(0);
    }
  });
}

async function main(): Promise<void> {
  const suffix = randomBytes(4).toString('hex');
  const database = `wb_bench_${suffix}`;
  const keyPrefix = `wbbench:${suffix}`;
  const admin = await createConnection(MYSQL);
  await admin.query(`CREATE DATABASE \`${database}\``);
  await admin.query(`USE \`${database}\``);
  await admin.query(createTableSql(benchTable('direct_orders')));
  await admin.query(createTableSql(benchTable('wb_orders')));
  const redis = new Redis(REDIS);
  const worker = fork(__filename, ['--worker', database, keyPrefix], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let failed = false;

  try {
    await new Promise<void>((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
    });

    // Direct: one synchronous INSERT per write.
    const pool = createPool({ ...MYSQL, database, connectionLimit: CONCURRENCY });
    const ids = new EntryIdGenerator();
    const table = benchTable('direct_orders');
    const insert =
      'INSERT INTO `direct_orders` (`id`, `customer_id`, `sku`, `quantity`, `total_cents`, `note`, `version`) VALUES (?, ?, ?, ?, ?, ?, 1)';
    await pool.query('SELECT 1'); // open one connection before the clock starts
    const direct = await drive(async (order) => {
      const row = table.toRow(order);
      await pool.query(insert, [ids.next(), row.customer_id, row.sku, row.quantity, row.total_cents, row.note]);
    });
    await pool.end();

    // Write-behind: accepted into Redis, flushed by the worker process.
    const store = new WriteBehindStore(storeOptions(database, keyPrefix));
    await store.stats(); // connect before the clock starts
    const drainStart = process.hrtime.bigint();
    const writeBehind = await drive((order) => store.write(order));
    const acceptedAt = process.hrtime.bigint();
    const deadline = Date.now() + 60_000;
    while ((await store.stats()).backlog > 0) {
      if (Date.now() > deadline) throw new Error('backlog did not drain within 60 s');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const emptyAt = process.hrtime.bigint();
    await store.close();

    const [[directCount], [wbCount]] = await Promise.all(
      ['direct_orders', 'wb_orders'].map(async (name) => {
        const [rows] = await admin.query<RowDataPacket[]>(`SELECT COUNT(*) AS n, COUNT(DISTINCT id) AS d FROM \`${name}\``);
        return rows;
      }),
    );
    const drainSeconds = Number(emptyAt - drainStart) / 1e9;
    const tailSeconds = Number(emptyAt - acceptedAt) / 1e9;
    const speedup = writeBehind.perSecond / direct.perSecond;

    const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
    console.log(`\nwrite-behind vs direct INSERT — ${fmt(WRITES)} writes each, ${CONCURRENCY} concurrent callers\n`);
    console.table({
      'direct INSERT': {
        'writes/s': fmt(direct.perSecond),
        'p50 ms': fmt(direct.p50, 2),
        'p99 ms': fmt(direct.p99, 2),
        'total s': fmt(direct.seconds, 2),
        'rows in MySQL': `${directCount.n} (${directCount.d} distinct)`,
      },
      'write-behind (accept)': {
        'writes/s': fmt(writeBehind.perSecond),
        'p50 ms': fmt(writeBehind.p50, 2),
        'p99 ms': fmt(writeBehind.p99, 2),
        'total s': fmt(writeBehind.seconds, 2),
        'rows in MySQL': `${wbCount.n} (${wbCount.d} distinct)`,
      },
    });
    console.table({
      'write-behind drain': {
        'rows/s (first accept → empty)': fmt(WRITES / drainSeconds),
        'time to empty after last accept s': fmt(tailSeconds, 2),
        'accept speedup vs direct': `${fmt(speedup, 1)}×`,
      },
    });

    const problems: string[] = [];
    if (Number(directCount.n) !== WRITES || Number(directCount.d) !== WRITES) problems.push('direct rows != writes');
    if (Number(wbCount.n) !== WRITES || Number(wbCount.d) !== WRITES) problems.push('write-behind rows != writes (not drained exactly once)');
    if (speedup < TARGET_SPEEDUP) problems.push(`speedup ${fmt(speedup, 1)}× below the ${TARGET_SPEEDUP}× goal`);
    if (problems.length > 0) {
      failed = true;
      console.error(`FAILED: ${problems.join('; ')}`);
    } else {
      console.log(`OK: backlog drained, every write in MySQL exactly once, ${fmt(speedup, 1)}× the direct acceptance rate`);
    }
  } finally {
    await new Promise<void>((resolve) => {
      if (worker.exitCode !== null) return resolve();
      worker.once('exit', () => resolve());
      worker.send('stop');
    });
    await admin.query(`DROP DATABASE \`${database}\``);
    await admin.end();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${keyPrefix}:*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
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
