/**
 * Retry budget vs plain retries against a dependency that goes down for 10 s.
 *
 * Callers offer a fixed open-loop load (RATE requests a second, issued on schedule whatever the
 * answers) to two stacks side by side, each with its own copy of the simulated dependency:
 * `plain` makes up to maxAttempts (3) attempts; `budget` is the same retry plus a budget of ratio 0.1.
 * Phases: healthy (5 % of attempts fail at random, the same attempts for both stacks), outage
 * (every attempt fails after 2 ms), recovery (healthy again). Per phase it reports the calls the
 * dependency received per caller request (amplification) and the share of requests that
 * succeeded. Goal: ≤ 1.1× during the outage with the budget, and not one successful request
 * fewer than plain retries in the healthy phase.
 *
 * Run: `npx tsc -p tsconfig.build.json && node dist/bench/adaptive/budget.scenario.js`
 * (`BENCH_RATE`, default 200 req/s, and `BENCH_MAX_ATTEMPTS`, default 3, change the load).
 */
import { Registry } from 'prom-client';

import {
  DependencySettings,
  ExecuteContext,
  neverAbortedSignal,
  ResilientDependency,
  RetrySettings,
} from '../../libs/resilience/src';
import { seededRandom } from '../support/stats';

const RATE = Number(process.env.BENCH_RATE ?? 200);
const HEALTHY_MS = 3000;
const OUTAGE_MS = 10_000;
const RECOVERY_MS = 4000;
const TICK_MS = 5;
const WORK_MS = 2;
const BLIP_RATE = 0.05;
const GOAL = 1.1;

const PHASES = ['healthy', 'outage', 'recovery'] as const;
type Phase = (typeof PHASES)[number];

const RETRY: RetrySettings = {
  maxAttempts: Number(process.env.BENCH_MAX_ATTEMPTS ?? 3),
  initialDelayMs: 20,
  maxDelayMs: 200,
  jitter: 'full',
  idempotent: true,
};
const BUDGET = { ratio: 0.1, minRetriesPerSecond: 1, windowMs: 10_000 };

interface PhaseStats {
  requests: number;
  attempts: number;
  ok: number;
}

interface Stack {
  name: string;
  dependency: ResilientDependency;
  metrics: Registry;
  stats: Record<Phase, PhaseStats>;
}

/** Same answer for the same (request, attempt) in both stacks, so healthy phases compare like for like. */
function blip(request: number, attempt: number): boolean {
  let h = Math.imul(request ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(attempt, 0xc2b2ae35);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return (h >>> 0) / 4294967296 < BLIP_RATE;
}

function phaseAt(ms: number): Phase {
  return ms < HEALTHY_MS ? 'healthy' : ms < HEALTHY_MS + OUTAGE_MS ? 'outage' : 'recovery';
}

/** Wait `ms`, honouring the signal like a real client would (and letting go of it after). */
function work(ms: number, signal: AbortSignal): Promise<void> {
  // These stacks have no timeout layer: calls get the shared signal that never aborts.
  if (signal === neverAbortedSignal) return new Promise((resolve) => setTimeout(resolve, ms));
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function stack(name: string, settings: DependencySettings): Stack {
  const metrics = new Registry();
  const seeded = seededRandom(7);
  const dependency = new ResilientDependency(name, settings, { random: seeded }, metrics);
  const stats = {} as Record<Phase, PhaseStats>;
  for (const p of PHASES) stats[p] = { requests: 0, attempts: 0, ok: 0 };
  return { name, dependency, metrics, stats };
}

function call(s: Stack, request: number, phase: Phase, started: number): Promise<void> {
  const st = s.stats[phase];
  st.requests++;
  let attempt = 0;
  const fn = async ({ signal }: ExecuteContext): Promise<string> => {
    attempt++;
    st.attempts++;
    await work(WORK_MS, signal);
    if (phaseAt(performance.now() - started) === 'outage') throw new Error('dependency down');
    if (blip(request, attempt)) throw new Error('transient failure');
    return 'ok';
  };
  return s.dependency.execute(fn).then(
    () => void st.ok++,
    () => undefined,
  );
}

async function offerLoad(stacks: Stack[]): Promise<void> {
  const total = HEALTHY_MS + OUTAGE_MS + RECOVERY_MS;
  const count = Math.round((total * RATE) / 1000);
  const started = performance.now();
  const pending: Array<Promise<void>> = [];
  let sent = 0;
  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const due = Math.min(count, Math.floor(((performance.now() - started) * RATE) / 1000));
      for (; sent < due; sent++) {
        // A request belongs to the phase it was scheduled in, even if the tick ran it late.
        const phase = phaseAt((sent * 1000) / RATE);
        for (const s of stacks) pending.push(call(s, sent, phase, started));
      }
      if (sent < count) setTimeout(tick, TICK_MS);
      else resolve();
    };
    tick();
  });
  await Promise.all(pending);
}

async function counter(reg: Registry, name: string, labels: Record<string, string>): Promise<number> {
  const metric = reg.getSingleMetric(name);
  if (!metric) return 0;
  const m = await metric.get();
  return m.values.find((v) => Object.entries(labels).every(([k, x]) => v.labels[k] === x))?.value ?? 0;
}

const amplification = (p: PhaseStats): number => p.attempts / Math.max(1, p.requests);
const okShare = (p: PhaseStats): string => `${((100 * p.ok) / Math.max(1, p.requests)).toFixed(2)}%`;

export async function runRetryBudgetScenario(print: (line: string) => void): Promise<{ goal: string; met: boolean }> {
  const plain = stack('plain', { retry: RETRY });
  const budgeted = stack('budget', { retry: { ...RETRY, budget: BUDGET } });
  const goal = `outage amplification with the budget <= ${GOAL}x, healthy successes not below plain retries`;

  print(
    `Retry budget: ${RATE} req/s offered for ${(HEALTHY_MS + OUTAGE_MS + RECOVERY_MS) / 1000} s, ` +
      `maxAttempts ${RETRY.maxAttempts}, budget ratio ${BUDGET.ratio}, ` +
      `minRetriesPerSecond ${BUDGET.minRetriesPerSecond}, windowMs ${BUDGET.windowMs}`,
  );
  print(
    `phases: healthy ${HEALTHY_MS / 1000} s (${BLIP_RATE * 100} % of attempts fail), outage ${OUTAGE_MS / 1000} s ` +
      `(every attempt fails after ${WORK_MS} ms), recovery ${RECOVERY_MS / 1000} s`,
  );
  await offerLoad([plain, budgeted]);

  const pad = (s: string, n: number): string => s.padStart(n);
  print('');
  print(
    `${'phase'.padEnd(10)}${pad('requests', 10)} | ${pad('plain calls/req', 16)}${pad('ok', 9)} | ${pad('budget calls/req', 17)}${pad('ok', 9)}`,
  );
  print('-'.repeat(10 + 10 + 3 + 25 + 3 + 26));
  for (const p of PHASES) {
    const a = plain.stats[p];
    const b = budgeted.stats[p];
    print(
      `${p.padEnd(10)}${pad(String(a.requests), 10)} | ${pad(`${amplification(a).toFixed(3)}x`, 16)}${pad(okShare(a), 9)} | ` +
        `${pad(`${amplification(b).toFixed(3)}x`, 17)}${pad(okShare(b), 9)}`,
    );
  }
  const labels = { dependency: 'budget' };
  const allowed = await counter(budgeted.metrics, 'resilience_retry_budget_total', { ...labels, decision: 'allowed' });
  const refused = await counter(budgeted.metrics, 'resilience_retry_budget_total', { ...labels, decision: 'refused' });
  print('');
  print(
    `budget metrics: resilience_retry_budget_total allowed=${allowed} refused=${refused}; ` +
      `balance at the end ${budgeted.dependency.retryBudget!.balance.toFixed(1)}`,
  );

  const outage = amplification(budgeted.stats.outage);
  const healthyOk = budgeted.stats.healthy.ok >= plain.stats.healthy.ok;
  const met = outage <= GOAL && healthyOk;
  print(
    `goal: ${goal}: ${met ? 'met' : 'NOT met'} (outage ${outage.toFixed(3)}x vs plain ` +
      `${amplification(plain.stats.outage).toFixed(3)}x; healthy ok ${budgeted.stats.healthy.ok} vs ${plain.stats.healthy.ok})`,
  );
  return { goal, met };
}

if (require.main === module) {
  runRetryBudgetScenario((line) => console.log(line)).then(
    (r) => process.exit(r.met ? 0 : 1),
    (e: unknown) => {
      console.error(e);
      process.exit(2);
    },
  );
}
