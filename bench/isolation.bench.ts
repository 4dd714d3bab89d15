/**
 * Isolation bench: does a hung background dependency hurt critical routes? Run:
 * `npm run bench:isolation` (uses the running fleet of BENCH_PROFILE, default `dev`, and
 * starts it when it is not running).
 *
 * Method. The critical route is `GET /api/orders/:id` (a Kafka round trip to orders; falls back to
 * the important `GET /api/pets/:id` when the orders API is not there). For each mode (compartments
 * on, then off — switched at runtime through `PUT /api/admin/compartments`) the bench measures
 * the critical route unloaded, then again while background traffic arrives open-loop at
 * BG_RATE requests/s on `GET /api/recommendations` with the ML advisor hung (fault injection), so
 * every admitted background request holds its slot for the advisor's whole timeout
 * (ADVISOR_TIMEOUT_MS, set at runtime for the run: 100 req/s × 1 s asks for 100 slots of the
 * shared 48, the same pressure as 330 req/s × 300 ms at a third of the CPU, which keeps a small
 * machine's CPU out of the measurement). The advisor's circuit breaker is switched off for the
 * run: open, it would hide the hang and the comparison would measure the breaker instead of the
 * compartments. Critical load is closed-loop:
 * CRITICAL_CONCURRENCY clients, CRITICAL_REQUESTS requests per phase after a warm-up.
 * A third mode, `control`, is the noise floor: compartments on, and the same background load
 * aimed at a stand-in server outside the fleet (a child process answering every request with
 * the gateway's 503), so it costs the machine what generating and answering it costs, and the
 * fleet nothing. Whatever moves the critical p99 in `control` is this machine, not the gateway.
 * All requests carry the operator key, which exempts them from the per-client rate limit.
 * The gateway's CPU time (from /proc, Linux only) is summed per phase and printed as how busy it
 * was: with one event loop, every background request it handles — even one it sheds — is time a
 * critical request may wait.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

import { percentile } from './support/stats';

const ROOT = join(__dirname, '..', '..');
const PROFILE = process.env.BENCH_PROFILE ?? 'dev';
// 6 400 samples per phase. Every few seconds something in the fleet stalls requests for 10–70 ms
// whether or not there is background load (the broker's young GC, 8–20 ms every ~2.4 s at 150
// req/s, was one: -Xlog:gc). A p99 of 1 600 samples is the 16th-worst, set by the one to three
// such stalls a phase happened to catch: with 1 600 the control mode alone read 1.08× to 1.53×.
const CRITICAL_REQUESTS = Number(process.env.CRITICAL_REQUESTS ?? 6_400);
/** Phases are split into this many slices, alternating modes, so drift in machine load hits both. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const CRITICAL_CONCURRENCY = Number(process.env.CRITICAL_CONCURRENCY ?? 2);
/** When set, critical requests are sent open-loop at this many per second instead of by CRITICAL_CONCURRENCY closed-loop clients. */
const CRITICAL_RATE = process.env.CRITICAL_RATE ? Number(process.env.CRITICAL_RATE) : undefined;
// A freshly started gateway needs a couple of thousand requests before its JIT settles (its CPU per request falls by a third).
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2_000);
const BG_RATE = Number(process.env.BG_RATE ?? 100);
/** The advisor's timeout during the run: how long each admitted background request holds its slot. */
const ADVISOR_TIMEOUT_MS = Number(process.env.ADVISOR_TIMEOUT_MS ?? 1_000);
/** A phase stops after this long even if CRITICAL_REQUESTS were not all sent (slow "off" phases). */
const PHASE_MAX_MS = Number(process.env.PHASE_MAX_MS ?? 15_000);
/** Background requests that must have been sent before the loaded measurement starts. */
const BG_RAMP = Number(process.env.BG_RAMP ?? 150);
/** After each loaded phase: a pause, then critical requests that are not recorded (see settle()). */
const SETTLE_MS = 2_000;
const SETTLE_REQUESTS = 300;
/** Critical requests, and milliseconds of background load, over which the gateway's CPU per request is measured. */
const CPU_SAMPLE_REQUESTS = 1_000;
const CPU_SAMPLE_MS = 5_000;

/** CPU seconds the process has used (user + system), from /proc; undefined where there is no /proc. */
function cpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined || !existsSync(`/proc/${pid}/stat`)) return undefined;
  // Fields after the command name (which may contain spaces): utime and stime are the 12th and 13th.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}
const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100;

/** Runs `phase`, reading each process's CPU seconds before and after it: what each used over exactly that phase. */
async function cpuDuring<T>(
  pids: (number | undefined)[],
  phase: () => Promise<T>,
): Promise<{ result: T; wall: number; cpu: (number | undefined)[] }> {
  const before = pids.map(cpuSeconds);
  const started = performance.now();
  const result = await phase();
  const wall = (performance.now() - started) / 1000;
  const cpu = pids.map((pid, i) => {
    const after = cpuSeconds(pid);
    return after === undefined || before[i] === undefined ? undefined : after - before[i];
  });
  return { result, wall, cpu };
}

/** How busy a process was over some phases: CPU seconds it used per wall-clock second. */
class BusyMeter {
  cpu = 0;
  wall = 0;
  constructor(private readonly pid: number | undefined) {}

  async measure<T>(phase: () => Promise<T>): Promise<T> {
    const { result, wall, cpu } = await cpuDuring([this.pid], phase);
    if (cpu[0] !== undefined) {
      this.cpu += cpu[0];
      this.wall += wall;
    }
    return result;
  }

  /** Percent of one core, or '-' where it could not be measured. */
  toString(): string {
    return this.wall > 0 ? `${((100 * this.cpu) / this.wall).toFixed(0)}%` : '-';
  }
}

interface Fleet {
  adminApiKey: string;
  processes: { name: string; port: number }[];
}

/** The fleet of PROFILE; `start` is idempotent (starts only what is not running). */
function fleet(): Fleet {
  const started = spawnSync(process.execPath, [join(ROOT, 'tools/fleet/cli.mjs'), 'start', '--profile', PROFILE], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const file = join(ROOT, '.run', PROFILE, 'fleet.json');
  if (started.status !== 0 || !existsSync(file))
    throw new Error(`could not start the ${PROFILE} fleet (node tools/fleet/cli.mjs start --profile ${PROFILE})`);
  return JSON.parse(readFileSync(file, 'utf8')) as Fleet;
}

/** The pid of the fleet's Kafka broker (tools/kafka keeps it in its data directory). */
function kafkaPid(): number | undefined {
  const file = join(ROOT, '.data', `kafka-${PROFILE}`, 'kafka.pid');
  return existsSync(file) ? Number(readFileSync(file, 'utf8')) : undefined;
}

/** The pid `npm start` recorded for a fleet process. */
function fleetPid(name: string): number | undefined {
  const file = join(ROOT, '.run', PROFILE, 'pids', `${name}.pid`);
  return existsSync(file) ? Number(readFileSync(file, 'utf8')) : undefined;
}

/** Gateway base URL and request headers; set by the main thread, handed to the load worker. */
let base = '';
let admin: Record<string, string> = {};

// node:http with a keep-alive agent rather than fetch: the load generator shares the fleet's
// two cores, and fetch costs it about 50 % more CPU per request (measured with /proc at 100
// req/s), CPU that would be charged to the gateway's latency.
// No socket cap: background traffic is open-loop, a client-side queue would hide the overload.
const agent = new http.Agent({ keepAlive: true });

function call(
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<{ status: number; ms: number; body: unknown }> {
  const started = performance.now();
  const url = new URL(path, base);
  const payload = init.body === undefined ? undefined : JSON.stringify(init.body);
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method: init.method ?? 'GET',
        headers: admin,
        agent,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = JSON.parse(text);
          } catch {
            // keep text
          }
          resolve({ status: response.statusCode ?? 0, ms: performance.now() - started, body });
        });
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

/** An admin change that must take; retried for a few seconds (a loaded machine can be slow to answer). */
async function expectOk(path: string, init: { method?: string; body?: unknown }): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const answer = await call(path, init);
    if (answer.status < 300) return;
    if (Date.now() > deadline)
      throw new Error(`${init.method ?? 'GET'} ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

interface Latency {
  p50: number;
  p99: number;
  max: number;
  errors: number;
  samples: number;
}

/** Latencies (ms) of critical requests, and how many failed (5xx or 429). */
interface Samples {
  ms: number[];
  errors: number;
}

const emptySamples = (): Samples => ({ ms: [], errors: 0 });

function latency(s: Samples): Latency {
  const sorted = [...s.ms].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1],
    errors: s.errors,
    samples: sorted.length,
  };
}

/** Closed loop: CRITICAL_CONCURRENCY clients send `requests` requests in total (or until PHASE_MAX_MS), into `into`. */
async function measureCritical(path: () => string, requests: number, into: Samples = emptySamples()): Promise<Samples> {
  if (CRITICAL_RATE) return measureCriticalOpenLoop(path, requests, into);
  const deadline = Date.now() + PHASE_MAX_MS;
  let sent = 0;
  await Promise.all(
    Array.from({ length: CRITICAL_CONCURRENCY }, async () => {
      while (sent < requests && Date.now() < deadline) {
        sent++;
        const answer = await call(path());
        if (answer.status >= 500 || answer.status === 429) into.errors++;
        into.ms.push(answer.ms);
      }
    }),
  );
  return into;
}

/** Open loop: `requests` requests at CRITICAL_RATE per second, each timed from when it is sent, whatever the answers. */
async function measureCriticalOpenLoop(path: () => string, requests: number, into: Samples): Promise<Samples> {
  const deadline = Date.now() + Math.max(PHASE_MAX_MS, (2_000 * requests) / CRITICAL_RATE!);
  const inFlight: Promise<void>[] = [];
  const started = performance.now();
  for (let sent = 0; sent < requests && Date.now() < deadline; sent++) {
    // Sends on schedule (sent / rate after the start), so a slow answer never delays the next request.
    const due = started + (1000 * sent) / CRITICAL_RATE!;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(
      call(path()).then((answer) => {
        if (answer.status >= 500 || answer.status === 429) into.errors++;
        into.ms.push(answer.ms);
      }),
    );
  }
  await Promise.all(inFlight);
  return into;
}

type Outcomes = { sent: number; ok: number; degraded: number; rejected: number; other: number };

/**
 * Background load runs on a worker thread with its own event loop, so that sending and timing
 * it never delays the critical requests measured on the main thread.
 */
function startBackground(path: string, target = base): { sent(): number; stop(): Promise<Outcomes> } {
  const worker = new Worker(__filename, { workerData: { base: target, admin, path, rate: BG_RATE } });
  let sent = 0;
  let stopped: ((o: Outcomes) => void) | undefined;
  worker.on('message', (m: { type: 'progress'; sent: number } | { type: 'stopped'; outcomes: Outcomes }) => {
    if (m.type === 'progress') sent = m.sent;
    else stopped?.(m.outcomes);
  });
  return {
    sent: () => sent,
    stop: () =>
      new Promise<Outcomes>((resolve) => {
        stopped = (o) => void worker.terminate().then(() => resolve(o));
        worker.postMessage('stop');
      }),
  };
}

/** The load worker: BG_RATE requests/s open-loop — whatever the answers, as real traffic does. */
function backgroundLoad(): void {
  const { path, rate } = workerData as { path: string; rate: number };
  base = (workerData as { base: string }).base;
  admin = (workerData as { admin: Record<string, string> }).admin;
  const outcomes: Outcomes = { sent: 0, ok: 0, degraded: 0, rejected: 0, other: 0 };
  const inFlight = new Set<Promise<void>>();
  const tickMs = 10;
  let carry = 0;
  const timer = setInterval(() => {
    carry += (rate * tickMs) / 1000;
    for (; carry >= 1; carry--) {
      outcomes.sent++;
      const p = call(path)
        .then((a) => {
          if (a.status === 200) {
            if ((a.body as { degraded?: boolean }).degraded) outcomes.degraded++;
            else outcomes.ok++;
          } else if (a.status === 503 || a.status === 429) outcomes.rejected++;
          else outcomes.other++;
        })
        .catch(() => void outcomes.other++)
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
  }, tickMs);
  const progress = setInterval(() => parentPort!.postMessage({ type: 'progress', sent: outcomes.sent }), 50);
  parentPort!.on('message', async () => {
    clearInterval(timer);
    clearInterval(progress);
    await Promise.all(inFlight);
    parentPort!.postMessage({ type: 'stopped', outcomes });
  });
}

/** CPU per request (ms) of each measured process, for critical requests; and the gateway's per background request. */
interface CpuPerRequest {
  critical: { process: string; ms: number }[];
  background: { gatewayMs: number; shed: number };
}

/**
 * CPU per request of each kind, compartments on: a critical request (in the gateway, orders and
 * the Kafka broker, the processes on its path), and a background request with the advisor hung
 * (in the gateway; nearly all are shed at the door). Each is the CPU a process used during a
 * phase with only that traffic, less what it uses idle (timers, heartbeats) in as long.
 * Undefined without /proc.
 */
async function cpuPerRequest(
  pids: Record<string, number | undefined>,
  criticalPath: () => string,
): Promise<CpuPerRequest | undefined> {
  const names = Object.keys(pids).filter((name) => cpuSeconds(pids[name]) !== undefined);
  if (!names.includes('gateway')) return undefined;
  const during = async <T>(phase: () => Promise<T>) => {
    const { result, wall, cpu } = await cpuDuring(
      names.map((name) => pids[name]),
      phase,
    );
    return { result, byProcess: new Map(names.map((name, i) => [name, { cpu: cpu[i]!, wall }])) };
  };
  const idle = await during(() => new Promise((r) => setTimeout(r, 3_000)));
  const net = (name: string, meter: { cpu: number; wall: number }) =>
    meter.cpu - (idle.byProcess.get(name)!.cpu / idle.byProcess.get(name)!.wall) * meter.wall;

  const critical = await during(() => measureCritical(criticalPath, CPU_SAMPLE_REQUESTS));
  const requests = critical.result.ms.length;

  await expectOk('/api/admin/faults/ml_advisor', { method: 'PUT', body: { mode: 'hang' } });
  const load = startBackground('/api/recommendations?productId=DOG-BED-L');
  await until('background load to ramp up', () => load.sent() >= BG_RAMP);
  const sentBefore = load.sent();
  const background = await during(() => new Promise((r) => setTimeout(r, CPU_SAMPLE_MS)));
  const sent = load.sent() - sentBefore;
  await expectOk('/api/admin/faults/ml_advisor', { method: 'DELETE' });
  const outcomes = await load.stop();
  return {
    critical: names.map((name) => ({
      process: name,
      ms: (1000 * net(name, critical.byProcess.get(name)!)) / requests,
    })),
    background: {
      gatewayMs: (1000 * net('gateway', background.byProcess.get('gateway')!)) / sent,
      shed: outcomes.rejected / outcomes.sent,
    },
  };
}

/** The control mode's target: a child process answering every request at once with a 503 like the gateway's shed answer. */
async function startStandIn(): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, [__filename], {
    env: { ...process.env, BENCH_STAND_IN: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
    child.once('exit', (code) => reject(new Error(`the stand-in server exited (${code})`)));
  });
  return { url: `http://127.0.0.1:${port}`, stop: () => void child.kill() };
}

/** The stand-in server's process: prints its port, then answers 503 to everything. */
function standIn(): void {
  const body = JSON.stringify({
    statusCode: 503,
    error: 'Service Unavailable',
    message: 'Server busy: compartment_background is at capacity, retry shortly',
    requestId: randomUUID(),
  });
  const server = http.createServer((_req, res) => {
    res.writeHead(503, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
      'retry-after': '1',
    });
    res.end(body);
  });
  server.listen(0, '127.0.0.1', () => process.stdout.write(`${(server.address() as { port: number }).port}\n`));
}

/**
 * Lets the fleet settle after a loaded phase, so the next mode's unloaded phase does not measure
 * its aftermath (after `off`, thousands of answered requests' garbage and the released hung
 * calls): a pause, then critical requests that are not recorded.
 */
async function settle(criticalPath: () => string): Promise<void> {
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  await measureCritical(criticalPath, SETTLE_REQUESTS);
}

async function until(what: string, condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function main(): Promise<void> {
  const f = fleet();
  base = `http://127.0.0.1:${f.processes.find((p) => p.name === 'gateway')!.port}`;
  admin = { 'x-admin-key': f.adminApiKey, 'content-type': 'application/json' };
  const probe = await call(`/api/orders/${randomUUID()}`);
  const ordersApi =
    probe.status !== 404 || !String((probe.body as { message?: string }).message).startsWith('Cannot GET');
  const criticalPath = ordersApi ? () => `/api/orders/${randomUUID()}` : () => '/api/pets/DOG-BED-L';
  const criticalLabel = ordersApi ? 'GET /api/orders/:id (critical)' : 'GET /api/pets/:id (important; no orders API)';
  if (!ordersApi) await call('/api/pets/DOG-BED-L');

  const modes = ['on', 'off', 'control'] as const;
  const gatewayPid = fleetPid('gateway');
  const results = new Map(
    modes.map((m) => [
      m,
      {
        unloaded: emptySamples(),
        loaded: emptySamples(),
        busyUnloaded: new BusyMeter(gatewayPid),
        busyLoaded: new BusyMeter(gatewayPid),
        background: { sent: 0, ok: 0, degraded: 0, rejected: 0, other: 0 },
      },
    ]),
  );
  const before = (await call('/api/admin/resilience')).body as { dependencies: { ml_advisor: { timeoutMs: number } } };
  const advisorTimeoutMs = before.dependencies.ml_advisor.timeoutMs;
  const slice = Math.ceil(CRITICAL_REQUESTS / ROUNDS);
  let cpu: CpuPerRequest | undefined;
  const standInServer = await startStandIn();
  try {
    await expectOk('/api/admin/resilience/gateway/ml_advisor', {
      method: 'PATCH',
      body: { timeoutMs: ADVISOR_TIMEOUT_MS, circuitBreaker: { enabled: false } },
    });
    await measureCritical(criticalPath, WARMUP);
    await expectOk('/api/admin/compartments', { method: 'PUT', body: { enabled: true } });
    cpu = await cpuPerRequest(
      { gateway: gatewayPid, orders: fleetPid('orders'), 'Kafka broker': kafkaPid() },
      criticalPath,
    );
    for (let round = 1; round <= ROUNDS; round++) {
      for (const mode of modes) {
        const result = results.get(mode)!;
        const enabled = mode !== 'off';
        await expectOk('/api/admin/compartments', { method: 'PUT', body: { enabled } });
        await expectOk('/api/admin/faults/ml_advisor', { method: 'DELETE' });
        await result.busyUnloaded.measure(() => measureCritical(criticalPath, slice, result.unloaded));

        await expectOk('/api/admin/faults/ml_advisor', { method: 'PUT', body: { mode: 'hang' } });
        const background = startBackground(
          '/api/recommendations?productId=DOG-BED-L',
          mode === 'control' ? standInServer.url : base,
        );
        await until('background load to ramp up', () => background.sent() >= BG_RAMP);
        await result.busyLoaded.measure(() => measureCritical(criticalPath, slice, result.loaded));
        await expectOk('/api/admin/faults/ml_advisor', { method: 'DELETE' }); // releases the hung calls
        const outcomes = await background.stop();
        await settle(criticalPath);
        for (const key of Object.keys(outcomes) as (keyof typeof outcomes)[]) result.background[key] += outcomes[key];
        process.stderr.write(
          `round ${round}/${ROUNDS}, ${mode === 'control' ? 'control (background to the stand-in)' : `compartments ${mode}`}: done\n`,
        );
      }
    }
  } finally {
    standInServer.stop();
    await call('/api/admin/faults/ml_advisor', { method: 'DELETE' });
    await call('/api/admin/resilience/gateway/ml_advisor', {
      method: 'PATCH',
      body: { timeoutMs: advisorTimeoutMs, circuitBreaker: { enabled: true } },
    });
    await call('/api/admin/compartments', { method: 'PUT', body: { enabled: true } });
  }
  const rows = modes.map((mode) => {
    const r = results.get(mode)!;
    return {
      mode,
      unloaded: latency(r.unloaded),
      loaded: latency(r.loaded),
      busy: { unloaded: String(r.busyUnloaded), loaded: String(r.busyLoaded) },
      background: r.background,
    };
  });

  const ms = (x: number) => x.toFixed(1);
  const criticalLoad = CRITICAL_RATE
    ? `${CRITICAL_RATE} req/s open-loop`
    : `${CRITICAL_CONCURRENCY} closed-loop clients`;
  console.log(
    `\nIsolation bench — critical route ${criticalLabel}, ${criticalLoad}, ${CRITICAL_REQUESTS} requests per phase in ${ROUNDS} alternating rounds;`,
  );
  console.log(
    `background: ${BG_RATE} req/s open-loop on GET /api/recommendations with the ML advisor hung (timeout ${ADVISOR_TIMEOUT_MS} ms, breaker off).\n`,
  );
  console.table(
    rows.map((r) => ({
      compartments: r.mode === 'control' ? 'on (control)' : r.mode,
      'unloaded p50 ms': ms(r.unloaded.p50),
      'unloaded p99 ms': ms(r.unloaded.p99),
      'loaded p50 ms': ms(r.loaded.p50),
      'loaded p99 ms': ms(r.loaded.p99),
      'p99 loaded/unloaded': (r.loaded.p99 / r.unloaded.p99).toFixed(2) + '×',
      'loaded samples': r.loaded.samples,
      'critical errors': r.loaded.errors,
      'gateway busy unloaded/loaded': `${r.busy.unloaded} / ${r.busy.loaded}`,
      'bg sent': r.background.sent,
      'bg degraded 200': r.background.degraded,
      'bg rejected 503': r.background.rejected,
    })),
  );
  if (cpu) {
    const { gatewayMs, shed } = cpu.background;
    console.log(`\nCPU per request (compartments on, one kind of traffic at a time, idle CPU subtracted):`);
    console.log(`  critical: ${cpu.critical.map((c) => `${c.process} ${c.ms.toFixed(2)} ms`).join(', ')}`);
    console.log(
      `  background: gateway ${gatewayMs.toFixed(2)} ms (${(100 * shed).toFixed(0)} % of them shed) — ${BG_RATE} background requests/s cost the gateway ${((BG_RATE * gatewayMs) / 10).toFixed(0)} % of a core`,
    );
  }
  const on = rows.find((r) => r.mode === 'on')!;
  const control = rows.find((r) => r.mode === 'control')!;
  const verdict = on.loaded.p99 <= 1.2 * on.unloaded.p99 ? 'met' : 'NOT met';
  console.log(`\nGoal (compartments on: loaded critical p99 within 1.2× unloaded): ${verdict}.`);
  console.log(
    `Control (the same background load aimed at a stand-in server outside the fleet): ${(control.loaded.p99 / control.unloaded.p99).toFixed(2)}× — how far this machine moves the p99 with no background work reaching the fleet.`,
  );
}

if (isMainThread && process.env.BENCH_STAND_IN) {
  standIn();
} else if (isMainThread) {
  main().catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
} else {
  backgroundLoad();
}
