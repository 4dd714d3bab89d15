/** Formatting of `npm run demo`: what a scenario run did, in sentences an operator reads. */

export interface DemoRun {
  scenario: string;
  title: string;
  status: string;
  startedAt: string;
  finishedAt?: string;
  steps: Array<{ at: string; message: string }>;
  requests: Record<string, Record<string, number>>;
  calls: Array<{ service: string; dependency: string; outcomes: Record<string, number> }>;
  transitions: Array<{ at: string; service: string; dependency: string; from: string; to: string }>;
  error?: string;
}

/** Peak bulkhead use the demo saw while polling, per `service/dependency`. */
export type PeakUse = Map<string, { active: number; max: number; queued: number }>;

const OUTCOME_WORDS: Record<string, string> = {
  failure: 'failed',
  timeout: 'timed out',
  rejected: 'rejected by bulkhead',
  short_circuited: 'short-circuited (breaker open)',
  fallback: 'answered by fallback',
};

/** `payment_provider: 5/8 succeeded, 3 rejected by bulkhead` */
export function describeCalls(dependency: string, outcomes: Record<string, number>): string {
  const total = Object.values(outcomes).reduce((a, b) => a + b, 0);
  const others = Object.entries(outcomes)
    .filter(([outcome, n]) => outcome !== 'success' && n > 0)
    .map(([outcome, n]) => `${n} ${OUTCOME_WORDS[outcome] ?? outcome}`);
  return [`${dependency}: ${outcomes.success ?? 0}/${total} succeeded`, ...others].join(', ');
}

/** `GET /api/recommendations: 242× 200, 191× 200 degraded` */
export function describeRequests(route: string, statuses: Record<string, number>): string {
  return `${route}: ${Object.entries(statuses)
    .map(([status, n]) => `${n}× ${status}`)
    .join(', ')}`;
}

const clock = (iso: string) => iso.slice(11, 19);

/** The report of one run, as lines. Transitions: the run's own plus those the demo saw polling. */
export function runReport(run: DemoRun, seenTransitions: DemoRun['transitions'], peaks: PeakUse): string[] {
  const seconds = run.finishedAt ? ((Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000).toFixed(1) : '?';
  const lines = [
    `== ${run.title} (${run.scenario}): ${run.status} in ${seconds} s${run.error ? ` — ${run.error}` : ''}`,
  ];
  lines.push('  steps:', ...run.steps.map((s) => `    ${clock(s.at)} ${s.message}`));
  lines.push(
    '  requests through the gateway:',
    ...Object.entries(run.requests).map(([route, statuses]) => `    ${describeRequests(route, statuses)}`),
  );
  const calls = run.calls.filter(
    (c) => !c.dependency.startsWith('compartment_') && c.dependency !== 'gateway_capacity',
  );
  lines.push(
    '  calls per dependency:',
    ...(calls.length
      ? calls.map((c) => `    ${c.service}/${describeCalls(c.dependency, c.outcomes)}`)
      : ['    (none)']),
  );
  const ordered = mergeTransitions(run.transitions, seenTransitions);
  lines.push(
    '  breaker transitions:',
    ...(ordered.length
      ? ordered.map((t) => `    ${clock(t.at)} ${t.service}/${t.dependency}: ${t.from} → ${t.to}`)
      : ['    (none)']),
  );
  const busy = [...peaks].filter(([, p]) => p.active > 0 || p.queued > 0);
  if (busy.length)
    lines.push(
      '  peak bulkhead use seen:',
      ...busy.map(([key, p]) => `    ${key}: ${p.active}/${p.max} active, ${p.queued} queued`),
    );
  return lines;
}

/** Seen by polling within this long of one the gateway recorded: the same transition. */
const SAME_TRANSITION_MS = 3_000;

/**
 * The gateway's recorded transitions, plus those the demo saw polling that it did not record
 * (a poll notices a change up to one interval late, and may miss a short half-open between
 * two polls, so the same target state within a few seconds counts as the same transition).
 */
export function mergeTransitions(
  recorded: DemoRun['transitions'],
  seen: DemoRun['transitions'],
): DemoRun['transitions'] {
  const extra = seen.filter(
    (s) =>
      !recorded.some(
        (r) =>
          r.service === s.service &&
          r.dependency === s.dependency &&
          r.to === s.to &&
          Math.abs(Date.parse(r.at) - Date.parse(s.at)) <= SAME_TRANSITION_MS,
      ),
  );
  return [...recorded, ...extra].sort((a, b) => a.at.localeCompare(b.at));
}
