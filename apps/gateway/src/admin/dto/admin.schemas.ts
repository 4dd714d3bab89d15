import { ALL_APPS } from '@shop/contracts';
import type { ResilienceSettingsChange, ServiceResilienceSettings } from '@shop/platform';
import { DEPENDENCY_SETTINGS_JSON_SCHEMA, DependencySettings, DependencySummary } from '@shop/resilience';

import { int, mapOf, namedObject, num, objectSchema, oneOf, Schema, str } from '../../docs/schema';
import { FAULT_DEPENDENCIES } from '../faults/fault-dependencies';
import type { FaultState } from '../faults/faults-admin.service';

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

const PAYMENT_PROVIDER_SETTINGS: DependencySettings = {
  timeoutMs: 2000,
  circuitBreaker: { mode: 'time', windowMs: 10_000, minimumCalls: 5, failureRateThreshold: 50, openMs: 2000 },
};

export const SERVICE_RESILIENCE_SCHEMA = namedObject<ServiceResilienceSettings>('ServiceResilienceSettings', {
  description: 'Every dependency of one app, as the app that owns them reports it: live figures and settings',
  properties: {
    service: oneOf(ALL_APPS, 'The app'),
    dependencies: mapOf(
      { allOf: [DEPENDENCY_SUMMARY_SCHEMA], properties: { settings: SETTINGS_SCHEMA } },
      'By dependency name (empty for an app that calls nothing outside itself)',
    ),
  },
  example: {
    service: 'payments',
    dependencies: { payment_provider: { ...SUMMARY_EXAMPLE, timeoutMs: 2000, settings: PAYMENT_PROVIDER_SETTINGS } },
  },
});

export const SETTINGS_CHANGE_SCHEMA = namedObject<ResilienceSettingsChange>('ResilienceSettingsChange', {
  description: 'The dependency’s settings after the change, as the app that owns it applied them, and its live figures',
  properties: {
    service: oneOf(ALL_APPS, 'The app that owns the dependency'),
    dependency: str('The dependency changed'),
    settings: SETTINGS_SCHEMA,
    summary: DEPENDENCY_SUMMARY_SCHEMA,
  },
  example: {
    service: 'payments',
    dependency: 'payment_provider',
    settings: { ...PAYMENT_PROVIDER_SETTINGS, timeoutMs: 500 },
    summary: { ...SUMMARY_EXAMPLE, timeoutMs: 500 },
  },
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

/** Example of a settings change (`PATCH /api/admin/resilience/:service/:dependency`). */
export const SETTINGS_PATCH_EXAMPLE: DependencySettings = { timeoutMs: 500, circuitBreaker: { minimumCalls: 10 } };
