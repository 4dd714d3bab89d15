import { DEPENDENCY_SETTINGS_JSON_SCHEMA, DependencySettings, DependencySummary } from '@shop/resilience';

import { int, mapOf, namedObject, num, objectSchema, oneOf, Schema, str } from '../../docs/schema';
import { FAULT_DEPENDENCIES } from '../faults/fault-dependencies';
import type { FaultState } from '../faults/faults-admin.service';
import type { DependencyUpdate, ResilienceOverview } from '../resilience/resilience-admin.controller';

/** A dependency's settings: the schema config/resilience.yaml is validated with. */
export const SETTINGS_SCHEMA = DEPENDENCY_SETTINGS_JSON_SCHEMA as Schema;

const ms = (description: string) => num(`${description}, ms`, { minimum: 0 });

const SUMMARY_EXAMPLE: DependencySummary = {
  status: 'up',
  circuit: 'closed',
  bulkhead: '2/16',
  queued: 0,
  successRate: 0.998,
  recentCalls: 1024,
  latencyMs: { p50: 12, p95: 41, p99: 87 },
  timeoutMs: 300,
};

/** One dependency's live figures as its registry sees them. */
export const DEPENDENCY_SUMMARY_SCHEMA = namedObject<DependencySummary>('DependencySummary', {
  properties: {
    status: oneOf(['up', 'degraded'], '`degraded` while the breaker is not closed'),
    circuit: oneOf(['closed', 'open', 'half-open', 'disabled', 'isolated'], 'Breaker state'),
    bulkhead: str('Bulkhead use as `active/max`, or `n/a`', { pattern: '^(\\d+/\\d+|n/a)$' }),
    queued: int('Calls waiting for the bulkhead', { minimum: 0 }),
    successRate: num('Share of the last 1024 calls that succeeded without fallback', { minimum: 0, maximum: 1 }),
    recentCalls: int('Calls in that window', { minimum: 0, maximum: 1024 }),
    latencyMs: objectSchema<DependencySummary['latencyMs']>({
      description: 'Percentiles of those calls (absent without calls)',
      properties: { p50: ms('Median'), p95: ms('95th percentile'), p99: ms('99th percentile') },
      optional: ['p50', 'p95', 'p99'],
      example: SUMMARY_EXAMPLE.latencyMs,
    }),
    timeoutMs: int('The time budget, ms (absent without one)', { minimum: 1 }),
  },
  optional: ['timeoutMs'],
  example: SUMMARY_EXAMPLE,
});

export const RESILIENCE_OVERVIEW_SCHEMA = namedObject<ResilienceOverview>('ResilienceOverview', {
  description: 'Every dependency of the gateway: its live figures and settings',
  properties: {
    dependencies: mapOf(
      { allOf: [DEPENDENCY_SUMMARY_SCHEMA], properties: { settings: SETTINGS_SCHEMA } },
      'By dependency name',
    ),
  },
  example: {
    dependencies: { ml_advisor: { ...SUMMARY_EXAMPLE, settings: { timeoutMs: 300 } } },
  },
});

export const DEPENDENCY_UPDATE_SCHEMA = namedObject<DependencyUpdate>('DependencyUpdate', {
  description: 'The dependency’s settings after the change, and its live figures',
  properties: {
    dependency: str('The dependency changed'),
    settings: SETTINGS_SCHEMA,
    summary: DEPENDENCY_SUMMARY_SCHEMA,
  },
  example: { dependency: 'ml_advisor', settings: { timeoutMs: 500 }, summary: SUMMARY_EXAMPLE },
});

export const FAULT_STATE_SCHEMA = namedObject<FaultState>('FaultState', {
  description: 'A dependency’s injected faults',
  properties: {
    dependency: oneOf(FAULT_DEPENDENCIES, 'The dependency'),
    appliedBy: str('`gateway` for in-process faults, else the process that applies them'),
    settings: {
      description: 'Its faults as the applying process reports them',
      type: 'object',
      properties: {
        mode: oneOf(['up', 'down', 'hang'], '`down` fails calls at once, `hang` never answers'),
        latencyMs: int('Delay added to every call, ms', { minimum: 0, maximum: 60_000 }),
        errorRate: num('Share of calls that fail', { minimum: 0, maximum: 1 }),
      },
    },
    error: str('Why the settings could not be read (the applying process is unreachable)'),
  },
  optional: ['settings', 'error'],
  example: {
    dependency: 'carrier',
    appliedBy: 'carrier simulator',
    settings: { mode: 'up', latencyMs: 250, errorRate: 0.1 },
  },
});

/** Example of a settings change (`PATCH /api/admin/resilience/:dependency`). */
export const SETTINGS_PATCH_EXAMPLE: DependencySettings = { timeoutMs: 500, bulkhead: { maxConcurrent: 8 } };
