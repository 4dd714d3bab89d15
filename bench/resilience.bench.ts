/**
 * Per-call overhead of @shop/resilience next to cockatiel 3 and opossum 9, each wrapping a no-op
 * async function. Run: `npm run bench:resilience`.
 *
 * Method: sequential `await policy.execute(noop)` in a tight loop (the cost a single request
 * pays), WARMUP calls first, then ROUNDS rounds of up to CALLS calls per cell (fewer for very
 * slow cells, so a round stays under 150 ms); the median round is reported as ns/call and calls/s. Cells run interleaved per scenario so drift hits all libraries.
 */
import * as cockatiel from 'cockatiel';
import OpossumBreaker from 'opossum';
import { Registry } from 'prom-client';

import {
  BulkheadPolicy,
  CircuitBreakerPolicy,
  FallbackPolicy,
  ResilientDependency,
  RetryPolicy,
  TimeoutPolicy,
  wrap,
} from '../libs/resilience/src';

const CALLS = Number(process.env.BENCH_CALLS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 50_000);

type Runner = () => Promise<unknown>;
const noop = async (): Promise<number> => 1;

/** Longest a single round may take; very slow cells get fewer calls so the run stays short. */
const ROUND_BUDGET_NS = 150e6;

async function measure(run: Runner, calls: number): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) await run();
  return Number(process.hrtime.bigint() - start) / calls;
}

async function callsPerRound(run: Runner): Promise<number> {
  const estimate = await measure(run, 2000);
  return Math.max(5000, Math.min(CALLS, Math.floor(ROUND_BUDGET_NS / estimate)));
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

interface Scenario {
  name: string;
  ours: Runner;
  cockatiel?: Runner;
  opossum?: Runner;
  opossumNote?: string;
}

const opossums: OpossumBreaker[] = [];
function opossum(options: OpossumBreaker.Options): Runner {
  const b = new OpossumBreaker(noop, options);
  opossums.push(b);
  return () => b.fire();
}

function scenarios(): Scenario[] {
  const c = cockatiel;
  const cBreaker = () => c.circuitBreaker(c.handleAll, { halfOpenAfter: 60_000, breaker: new c.ConsecutiveBreaker(5) });
  const cBulkhead = () => c.bulkhead(10, 100);
  const cTimeout = () => c.timeout(25_000, c.TimeoutStrategy.Aggressive);
  const cRetry = () => c.retry(c.handleAll, { maxAttempts: 3, backoff: new c.ExponentialBackoff() });
  const cFull = c.wrap(
    c.fallback(c.handleAll, () => 0),
    cRetry(),
    cBreaker(),
    cTimeout(),
    cBulkhead(),
  );

  const breaker = new CircuitBreakerPolicy();
  const bulk = new BulkheadPolicy({ maxConcurrent: 10, maxQueue: 100 });
  const tmo = new TimeoutPolicy({ timeoutMs: 25_000 });
  const retry = new RetryPolicy({ maxAttempts: 3, idempotent: true });
  const full = wrap(
    new FallbackPolicy({ fallback: () => 0 }),
    new RetryPolicy({ maxAttempts: 3, idempotent: true }),
    new CircuitBreakerPolicy(),
    new TimeoutPolicy({ timeoutMs: 25_000 }),
    new BulkheadPolicy({ maxConcurrent: 10, maxQueue: 100 }),
  );
  const bb = wrap(new CircuitBreakerPolicy(), new BulkheadPolicy({ maxConcurrent: 10, maxQueue: 100 }));
  const cBb = c.wrap(cBreaker(), cBulkhead());
  const dep = new ResilientDependency(
    'bench',
    {
      timeoutMs: 25_000,
      bulkhead: { maxConcurrent: 10, maxQueue: 100 },
      circuitBreaker: { enabled: true },
      retry: { maxAttempts: 3, idempotent: true },
    },
    {},
    new Registry(),
  );
  const fallback = { fallback: () => 0 };

  return [
    {
      name: 'circuit breaker',
      ours: () => breaker.execute(noop),
      cockatiel: () => cBreaker1.execute(noop),
      opossum: opossum({ timeout: false }),
    },
    {
      name: 'bulkhead',
      ours: () => bulk.execute(noop),
      cockatiel: () => cBulk1.execute(noop),
      opossum: opossum({ timeout: false, capacity: 10 }),
      opossumNote: 'breaker+capacity',
    },
    {
      name: 'timeout',
      ours: () => tmo.execute(noop),
      cockatiel: () => cTmo1.execute(noop),
      opossum: opossum({ timeout: 25_000 }),
      opossumNote: 'breaker+timeout',
    },
    { name: 'retry', ours: () => retry.execute(noop), cockatiel: () => cRetry1.execute(noop) },
    {
      name: 'breaker + bulkhead',
      ours: () => bb.execute(noop),
      cockatiel: () => cBb.execute(noop),
      opossum: opossum({ timeout: false, capacity: 10 }),
    },
    {
      name: 'full stack',
      ours: () => full.execute(noop),
      cockatiel: () => cFull.execute(noop),
      opossum: (() => {
        const b = new OpossumBreaker(noop, { timeout: 25_000, capacity: 10 });
        b.fallback(() => 0);
        opossums.push(b);
        return () => b.fire();
      })(),
      opossumNote: 'no retry',
    },
    { name: 'registry stack + metrics', ours: () => dep.execute(noop, fallback) },
  ];
}

// Single instances for the one-policy rows (created once, like an app would).
const cBreaker1 = cockatiel.circuitBreaker(cockatiel.handleAll, {
  halfOpenAfter: 60_000,
  breaker: new cockatiel.ConsecutiveBreaker(5),
});
const cBulk1 = cockatiel.bulkhead(10, 100);
const cTmo1 = cockatiel.timeout(25_000, cockatiel.TimeoutStrategy.Aggressive);
const cRetry1 = cockatiel.retry(cockatiel.handleAll, { maxAttempts: 3, backoff: new cockatiel.ExponentialBackoff() });

const fmt = (n: number | undefined, digits = 0): string => (n === undefined ? 'n/a' : n.toFixed(digits));
const rate = (ns: number | undefined): string => (ns === undefined ? 'n/a' : `${(1e9 / ns / 1e6).toFixed(2)} M`);

async function main(): Promise<void> {
  const rows: string[][] = [];
  const started = Date.now();
  for (const s of scenarios()) {
    const runners: Array<[string, Runner | undefined]> = [
      ['ours', s.ours],
      ['cockatiel', s.cockatiel],
      ['opossum', s.opossum],
    ];
    for (const [, r] of runners) if (r) for (let i = 0; i < WARMUP; i++) await r();
    const calls: Record<string, number> = {};
    for (const [lib, r] of runners) if (r) calls[lib] = await callsPerRound(r);
    const samples: Record<string, number[]> = { ours: [], cockatiel: [], opossum: [] };
    for (let round = 0; round < ROUNDS; round++)
      for (const [lib, r] of runners) if (r) samples[lib].push(await measure(r, calls[lib]));
    const ours = median(samples.ours);
    const ck = samples.cockatiel.length ? median(samples.cockatiel) : undefined;
    const op = samples.opossum.length ? median(samples.opossum) : undefined;
    const peers = [ck, op].filter((x): x is number => x !== undefined);
    const fastest = peers.length ? Math.min(...peers) : undefined;
    rows.push([
      s.name,
      fmt(ours),
      rate(ours),
      fmt(ck),
      op === undefined ? 'n/a' : `${fmt(op)}${s.opossumNote ? ` (${s.opossumNote})` : ''}`,
      fastest === undefined ? 'n/a' : `${(ours / fastest).toFixed(2)}x`,
    ]);
  }
  const header = [
    'scenario (no-op async fn)',
    'ours ns/call',
    'ours calls/s',
    'cockatiel ns/call',
    'opossum ns/call',
    'ours / faster peer',
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(
    `node ${process.version}, up to ${CALLS} calls (<= 150 ms) x ${ROUNDS} rounds, median reported; warm-up ${WARMUP}; sequential awaits`,
  );
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));
  console.log(`(ratio < 1 means ours is faster; total ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  for (const b of opossums) b.shutdown();
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
