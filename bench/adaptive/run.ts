/**
 * `npm run bench:adaptive`: the three self-tuning layers of @shop/resilience, each against the
 * static setting a team would otherwise tune by hand, in one run. Exit code 1 when a goal is not met.
 *
 * 1. Adaptive concurrency limit vs fixed bulkhead sizes (limit.scenario.ts; writes the SVG).
 * 2. Retry budget vs plain retries during a 10 s outage (budget.scenario.ts).
 * 3. Hedged requests vs none against a long tail (hedge.scenario.ts).
 */
import { runRetryBudgetScenario } from './budget.scenario';
import { runHedgeScenario } from './hedge.scenario';
import { runLimitScenario } from './limit.scenario';

async function main(): Promise<boolean> {
  const print = (line: string): void => console.log(line);
  console.log(`node ${process.version}, ${new Date().toISOString()}`);
  const results: Array<[string, { goal: string; met: boolean }]> = [];
  for (const [name, run] of [
    ['adaptive limit', runLimitScenario],
    ['retry budget', runRetryBudgetScenario],
    ['hedging', runHedgeScenario],
  ] as const) {
    console.log(`\n## ${name}\n`);
    results.push([name, await run(print)]);
  }
  console.log('\n## goals\n');
  for (const [name, r] of results) console.log(`${r.met ? 'met    ' : 'NOT met'}  ${name}: ${r.goal}`);
  return results.every(([, r]) => r.met);
}

main().then(
  (ok) => process.exit(ok ? 0 : 1),
  (e: unknown) => {
    console.error(e);
    process.exit(2);
  },
);
