import type { DependencySummary } from '@shop/resilience';

import { DEPENDENCY_SUMMARY_SCHEMA } from '../admin/dto/admin.schemas';
import { bool, namedObject, objectSchema } from '../docs/schema';
import { type CompartmentName, COMPARTMENTS } from './compartment';

/** `GET`/`PUT /api/admin/compartments`. */
export interface CompartmentsStatus {
  enabled: boolean;
  shared: DependencySummary;
  compartments: Record<CompartmentName, DependencySummary>;
}

const SUMMARY: DependencySummary = {
  status: 'up',
  circuit: 'disabled',
  bulkhead: '3/64',
  queued: 0,
  successRate: 1,
  recentCalls: 812,
  latencyMs: { p50: 4, p95: 19, p99: 40 },
  timeoutMs: undefined,
};

export const COMPARTMENTS_STATUS_SCHEMA = namedObject<CompartmentsStatus>('CompartmentsStatus', {
  description: 'Whether compartments are on, and the bulkhead use of the shared capacity and of each compartment',
  properties: {
    enabled: bool('On: per-compartment bulkheads and priorities. Off: one shared first-come-first-served pool'),
    shared: DEPENDENCY_SUMMARY_SCHEMA,
    compartments: objectSchema<Record<CompartmentName, DependencySummary>>({
      description: 'By compartment',
      properties: {
        critical: DEPENDENCY_SUMMARY_SCHEMA,
        important: DEPENDENCY_SUMMARY_SCHEMA,
        background: DEPENDENCY_SUMMARY_SCHEMA,
      },
      example: Object.fromEntries(COMPARTMENTS.map((c) => [c, SUMMARY])) as Record<CompartmentName, DependencySummary>,
    }),
  },
  example: {
    enabled: true,
    shared: SUMMARY,
    compartments: Object.fromEntries(COMPARTMENTS.map((c) => [c, SUMMARY])) as Record<
      CompartmentName,
      DependencySummary
    >,
  },
});
