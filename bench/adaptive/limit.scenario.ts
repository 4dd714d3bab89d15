/**
 * Adaptive concurrency limit vs fixed bulkhead sizes, against a dependency whose latency steps
 * from 20 ms to 200 ms and back under a fixed offered load.
 *
 * The dependency is a server with WORKERS workers and a FIFO queue in front of them, as real
 * ones are: it serves each request for the phase's service time (±10 %, seeded), and it does
 * not know when a client gave up, so a request that timed out at the client still takes a
 * worker when its turn comes (wasted work). At 20 ms it can serve 1200 req/s; at 200 ms 120/s,
 * below the RATE offered. Every stack is the same timeout (TIMEOUT_MS) around a bulkhead with no
 * queue (a call over the limit is refused at once, like the advisor's); only the limit differs.
 * All stacks run side by side in one process, on one load schedule, each with its own server.
 *
 * Goodput is answers per second that arrived within the timeout; p99 is over those answers.
 * Run: `npx tsc -p tsconfig.build.json && node dist/bench/adaptive/limit.scenario.js`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import {
  AdaptiveBulkheadPolicy,
  AdaptiveLimitWindow,
  BulkheadPolicy,
  ExecuteContext,
  isBulkheadRejectedError,
  Policy,
  TimeoutPolicy,
  wrap,
} from '../../libs/resilience/src';
import { offerLoad, percentile, seeded, table } from './helpers';

const RATE = Number(process.env.BENCH_RATE ?? 150);
const WORKERS = 24;
const TIMEOUT_MS = 1000;
const PHASES = [
  { name: 'fast', ms: 5000, serviceMs: 20 },
  { name: 'slow', ms: 10_000, serviceMs: 200 },
  { name: 'fast again', ms: 5000, serviceMs: 20 },
] as const;
type PhaseName = (typeof PHASES)[number]['name'];
const TOTAL_MS = PHASES.reduce((t, p) => t + p.ms, 0);
const FIXED = [8, 16, 24, 32, 64, 128];
/** The fleet's old fixed guess for the payment provider. */
const TYPICAL = 16;
const ADAPTIVE = { initialLimit: 16, minLimit: 4, maxLimit: 256 };

function phaseAt(ms: number): (typeof PHASES)[number] {
  let t = 0;
  for (const p of PHASES) if (ms < (t += p.ms)) return p;
  return PHASES[PHASES.length - 1];
}

/** A server with a worker pool and an unbounded FIFO queue; it never learns that a client gave up. */
class Server {
  private busy = 0;
  private readonly queue: Array<() => void> = [];
  private readonly random = seeded(11);
  constructor(private readonly started: number) {}

  handle(): Promise<void> {
    return new Promise((resolve) => {
      const start = (): void => {
        this.busy++;
        const base = phaseAt(performance.now() - this.started).serviceMs;
        setTimeout(
          () => {
            this.busy--;
            this.queue.shift()?.();
            resolve();
          },
          base * (0.9 + 0.2 * this.random()),
        );
      };
      if (this.busy < WORKERS) start();
      else this.queue.push(start);
    });
  }
}

/** The client side of one call: gives up (rejects) when its signal aborts; the server goes on. */
function callServer(server: Server, { signal }: ExecuteContext): Promise<void> {
  const served = server.handle();
  return new Promise((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    void served.then(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
  });
}

interface PhaseStats {
  ok: number;
  rejected: number;
  timedOut: number;
  latencies: number[];
}

interface Variant {
  name: string;
  stack: Policy;
  server: Server | undefined;
  stats: Map<PhaseName, PhaseStats>;
  all: PhaseStats;
}

function variant(name: string, bulkhead: Policy): Variant {
  const stats = new Map<PhaseName, PhaseStats>();
  for (const p of PHASES) stats.set(p.name, { ok: 0, rejected: 0, timedOut: 0, latencies: [] });
  return {
    name,
    stack: wrap(new TimeoutPolicy({ timeoutMs: TIMEOUT_MS }), bulkhead),
    server: undefined,
    stats,
    all: { ok: 0, rejected: 0, timedOut: 0, latencies: [] },
  };
}

function call(v: Variant, phase: PhaseName): Promise<void> {
  const st = v.stats.get(phase)!;
  const t0 = performance.now();
  return v.stack
    .execute((ctx) => callServer(v.server!, ctx))
    .then(
      () => {
        const ms = performance.now() - t0;
        for (const s of [st, v.all]) {
          s.ok++;
          s.latencies.push(ms);
        }
      },
      (e: unknown) => {
        for (const s of [st, v.all]) {
          if (isBulkheadRejectedError(e)) s.rejected++;
          else s.timedOut++;
        }
      },
    );
}

export interface LimitScenarioResult {
  goal: string;
  met: boolean;
  svgPath: string;
}

export async function runLimitScenario(
  print: (line: string) => void,
  svgPath = join(process.cwd(), 'libs', 'resilience', 'docs', 'adaptive-limit.svg'),
): Promise<LimitScenarioResult> {
  const adaptive = new AdaptiveBulkheadPolicy({ ...ADAPTIVE, maxQueue: 0 });
  const variants = [
    variant('adaptive', adaptive),
    ...FIXED.map((n) => variant(`fixed ${n}`, new BulkheadPolicy({ maxConcurrent: n, maxQueue: 0 }))),
  ];
  const windows: AdaptiveLimitWindow[] = [];
  adaptive.onWindow((w) => windows.push(w));

  print(
    `Adaptive limit: ${RATE} req/s offered for ${TOTAL_MS / 1000} s; a server with ${WORKERS} workers, service ` +
      PHASES.map((p) => `${p.serviceMs} ms for ${p.ms / 1000} s`).join(' → ') +
      `; client timeout ${TIMEOUT_MS} ms, bulkhead without queue; adaptive: start ${ADAPTIVE.initialLimit}, ` +
      `clamp [${ADAPTIVE.minLimit}, ${ADAPTIVE.maxLimit}], library defaults otherwise`,
  );
  const started = performance.now();
  for (const v of variants) v.server = new Server(started);
  await offerLoad(RATE, Math.round((TOTAL_MS * RATE) / 1000), (_i, scheduledMs) =>
    Promise.all(variants.map((v) => call(v, phaseAt(scheduledMs).name))),
  );

  const goodput = (s: PhaseStats, ms: number): number => (s.ok * 1000) / ms;
  const p99 = (s: PhaseStats): number => percentile(Float64Array.from(s.latencies).sort(), 99);
  const fixed = variants.slice(1);
  const best = fixed.reduce((a, b) => (goodput(b.all, TOTAL_MS) > goodput(a.all, TOTAL_MS) ? b : a));
  const typical = fixed.find((v) => v.name === `fixed ${TYPICAL}`)!;
  const label = (v: Variant): string =>
    v === best ? `${v.name} (best fixed)` : v === typical ? `${v.name} (typical)` : v.name;

  const header = [
    'bulkhead',
    ...PHASES.map((p) => `goodput ${p.name} /s`),
    'goodput all /s',
    'p99 slow ms',
    'p99 all ms',
    'refused %',
    'timed out %',
  ];
  const rows = variants.map((v) => {
    const total = v.all.ok + v.all.rejected + v.all.timedOut;
    return [
      label(v),
      ...PHASES.map((p) => goodput(v.stats.get(p.name)!, p.ms).toFixed(1)),
      goodput(v.all, TOTAL_MS).toFixed(1),
      p99(v.stats.get('slow')!).toFixed(0),
      p99(v.all).toFixed(0),
      ((100 * v.all.rejected) / total).toFixed(1),
      ((100 * v.all.timedOut) / total).toFixed(1),
    ];
  });
  print('');
  for (const l of table(header, rows)) print(l);

  const limits = (from: number, to: number): number[] =>
    windows.filter((w) => w.at - started >= from && w.at - started < to).map((w) => w.limit);
  const range = (xs: number[]): string => (xs.length ? `${Math.min(...xs)}–${Math.max(...xs)}` : 'n/a');
  print('');
  print(
    `adaptive limit over time (${windows.length} windows): fast ${range(limits(1000, 5000))}, ` +
      `slow (after its first 2 s) ${range(limits(7000, 15_000))}, fast again (after 1 s) ${range(limits(16_000, 20_000))}`,
  );
  writeFileSync(svgPath, svg(windows, started, best, typical));
  print(`limit over time written to ${svgPath}`);

  const a = variants[0];
  const slowP99 = (v: Variant): number => p99(v.stats.get('slow')!);
  const goal =
    'adaptive goodput within 10 % of the best fixed size’s, with a lower p99 than it in the slow phase, ' +
    'and more goodput than the typical size';
  const met =
    goodput(a.all, TOTAL_MS) >= 0.9 * goodput(best.all, TOTAL_MS) &&
    slowP99(a) < slowP99(best) &&
    goodput(a.all, TOTAL_MS) > goodput(typical.all, TOTAL_MS);
  print(
    `goal: ${goal}: ${met ? 'met' : 'NOT met'} (goodput ${goodput(a.all, TOTAL_MS).toFixed(1)} vs best ` +
      `${goodput(best.all, TOTAL_MS).toFixed(1)} and typical ${goodput(typical.all, TOTAL_MS).toFixed(1)}/s; ` +
      `slow p99 ${slowP99(a).toFixed(0)} vs best ${slowP99(best).toFixed(0)} ms)`,
  );
  return { goal, met, svgPath };
}

/** The limit over time as a small SVG: phases shaded, best and typical fixed sizes dashed. */
function svg(windows: AdaptiveLimitWindow[], started: number, best: Variant, typical: Variant): string {
  const W = 720;
  const H = 280;
  const left = 48;
  const bottom = 36;
  const top = 16;
  const right = 16;
  const fixedOf = (v: Variant): number => Number(v.name.split(' ')[1]);
  const yMax = Math.max(fixedOf(typical), ...windows.map((w) => w.limit)) * 1.1;
  const x = (ms: number): number => left + ((W - left - right) * ms) / TOTAL_MS;
  const y = (n: number): number => H - bottom - ((H - bottom - top) * n) / yMax;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
  ];
  let t = 0;
  for (const p of PHASES) {
    out.push(
      `<rect x="${x(t).toFixed(1)}" y="${top}" width="${(x(t + p.ms) - x(t)).toFixed(1)}" height="${H - bottom - top}" fill="${p.serviceMs > 20 ? '#fde8e8' : '#eef6ee'}"/>`,
      `<text x="${(x(t) + 4).toFixed(1)}" y="${top + 12}" fill="#555">${p.name}: ${p.serviceMs} ms</text>`,
    );
    t += p.ms;
  }
  for (let s = 0; s <= TOTAL_MS / 1000; s += 5)
    out.push(`<text x="${x(s * 1000).toFixed(1)}" y="${H - bottom + 14}" text-anchor="middle">${s} s</text>`);
  const step = yMax > 100 ? 25 : 10;
  for (let n = 0; n <= yMax; n += step)
    out.push(
      `<line x1="${left}" x2="${W - right}" y1="${y(n).toFixed(1)}" y2="${y(n).toFixed(1)}" stroke="#ddd"/>`,
      `<text x="${left - 6}" y="${(y(n) + 4).toFixed(1)}" text-anchor="end">${n}</text>`,
    );
  for (const [v, colour] of [
    [best, '#2a7'],
    [typical, '#c33'],
  ] as const) {
    const n = fixedOf(v);
    out.push(
      `<line x1="${left}" x2="${W - right}" y1="${y(n).toFixed(1)}" y2="${y(n).toFixed(1)}" stroke="${colour}" stroke-dasharray="6 4"/>`,
      `<text x="${W - right - 4}" y="${(y(n) - 4).toFixed(1)}" text-anchor="end" fill="${colour}">${v === best ? 'best' : 'typical'} fixed: ${n}</text>`,
    );
  }
  const points = windows.map((w) => `${x(w.at - started).toFixed(1)},${y(w.limit).toFixed(1)}`).join(' ');
  out.push(`<polyline fill="none" stroke="#2563eb" stroke-width="2" points="${points}"/>`);
  out.push(
    `<text x="${left}" y="${H - 6}" fill="#2563eb">adaptive limit (calls in flight allowed), per ${windows.length} windows</text>`,
    `<text x="${W - right}" y="${H - 6}" text-anchor="end" fill="#555">npm run bench:adaptive</text>`,
    '</svg>',
  );
  return `${out.join('\n')}\n`;
}

if (require.main === module) {
  runLimitScenario((l) => console.log(l)).then(
    (r) => process.exit(r.met ? 0 : 1),
    (e: unknown) => {
      console.error(e);
      process.exit(2);
    },
  );
}
