import type { HealthIndicatorResult } from '@nestjs/terminus';

import type { ReadinessCheck } from './readiness.registry';

/** One readiness check's answer, as `/api/system/status` reports it. */
export interface ReadinessCheckReport {
  status: 'up' | 'degraded' | 'down';
  message?: string;
}

/** What an app's readiness says now: the rule behind the status it reports. */
export interface ReadinessReport {
  /** `up`: every check up; `degraded`: answering, but a check is down or reports degraded parts. */
  status: 'up' | 'degraded';
  /** Whether `/health/ready` would answer 200. */
  ready: boolean;
  /** Why not `up`, e.g. `mysql down: timeout of 1500ms exceeded; resilience: carrier degraded`. */
  reason?: string;
  checks: Record<string, ReadinessCheckReport>;
}

type Details = { status?: string; message?: unknown; degraded?: unknown; critical?: unknown };

/** Runs one check within `budgetMs`; a throw or no answer in time counts as down. */
async function runCheck(check: ReadinessCheck, budgetMs: number): Promise<ReadinessCheckReport> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<ReadinessCheckReport>((resolve) => {
    timer = setTimeout(() => resolve({ status: 'down', message: `no answer within ${budgetMs} ms` }), budgetMs);
  });
  const answer = (async (): Promise<ReadinessCheckReport> => {
    try {
      return fromResult(await check());
    } catch (error) {
      return { status: 'down', message: error instanceof Error ? error.message : String(error) };
    }
  })();
  try {
    return await Promise.race([answer, late]);
  } finally {
    clearTimeout(timer);
  }
}

function fromResult(result: HealthIndicatorResult): ReadinessCheckReport {
  const details = Object.values(result)[0] as Details | undefined;
  const message = typeof details?.message === 'string' ? details.message : undefined;
  const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
  if (details?.status !== 'up') {
    const critical = list(details?.critical);
    return { status: 'down', message: critical.length ? `${critical.join(', ')} unavailable` : message };
  }
  const degraded = list(details.degraded);
  return degraded.length ? { status: 'degraded', message: `${degraded.join(', ')} degraded` } : { status: 'up' };
}

/**
 * Evaluates every readiness check (each within `budgetMs`, so the report is quick even when a
 * database hangs): the app is `up` when all are up, else `degraded` with the reason.
 */
export async function readinessReport(
  checks: ReadonlyMap<string, ReadinessCheck>,
  budgetMs = 500,
): Promise<ReadinessReport> {
  const entries = await Promise.all(
    [...checks].map(async ([name, check]) => [name, await runCheck(check, budgetMs)] as const),
  );
  const reasons = entries
    .filter(([, r]) => r.status !== 'up')
    .map(([name, r]) => `${name} ${r.status === 'down' ? 'down' : 'degraded'}${r.message ? `: ${r.message}` : ''}`);
  return {
    status: reasons.length ? 'degraded' : 'up',
    ready: entries.every(([, r]) => r.status !== 'down'),
    ...(reasons.length ? { reason: reasons.join('; ') } : {}),
    checks: Object.fromEntries(entries),
  };
}
