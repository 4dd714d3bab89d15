import type { FleetResilience } from './fleet-resilience.service';
import { callDifferences } from './scenarios.service';

const fleetWith = (calls: Record<string, number>, advisorCalls: Record<string, number>): FleetResilience => ({
  at: '2026-11-25T09:00:00.000Z',
  writeBehind: [],
  transitions: [],
  services: [
    { service: 'payments', reachable: true, dependencies: [{ dependency: 'payment_provider', circuit: 'open', bulkhead: null, successRate: null, recentCalls: 0, p95Ms: null, calls }] },
    { service: 'gateway', reachable: true, dependencies: [{ dependency: 'ml_advisor', circuit: 'closed', bulkhead: null, successRate: null, recentCalls: 0, p95Ms: null, calls: advisorCalls }] },
    { service: 'orders', reachable: false, error: 'down', dependencies: [] },
  ],
});

describe('callDifferences', () => {
  it('reports what each dependency did during a run, leaving out outcomes and dependencies that did not change', () => {
    const before = fleetWith({ success: 10, failure: 2, short_circuited: 0 }, { success: 5 });
    const after = fleetWith({ success: 15, failure: 7, short_circuited: 3 }, { success: 5 });
    expect(callDifferences(before, after)).toEqual([{ service: 'payments', dependency: 'payment_provider', outcomes: { success: 5, failure: 5, short_circuited: 3 } }]);
  });

  it('counts every call of a dependency that appeared during the run', () => {
    const before = fleetWith({}, {});
    before.services = [];
    expect(callDifferences(before, fleetWith({ failure: 4 }, {}))).toEqual([{ service: 'payments', dependency: 'payment_provider', outcomes: { failure: 4 } }]);
  });
});
