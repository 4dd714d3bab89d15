import { ConflictException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';

import type { FleetResilience, FleetResilienceService } from './fleet-resilience.service';
import { callDifferences, ScenariosService } from './scenarios.service';

const fleetWith = (calls: Record<string, number>, advisorCalls: Record<string, number>): FleetResilience => ({
  at: '2026-11-25T09:00:00.000Z',
  writeBehind: [],
  jobQueues: [],
  transitions: [],
  services: [
    {
      service: 'payments',
      reachable: true,
      dependencies: [
        {
          dependency: 'payment_provider',
          circuit: 'open',
          bulkhead: null,
          successRate: null,
          recentCalls: 0,
          p95Ms: null,
          calls,
          adaptive: { limit: null, retryBudget: null, hedges: null },
          deadlines: { notStarted: 0, cutOff: 0 },
          settings: null,
        },
      ],
      expiredMessages: 0,
    },
    {
      service: 'gateway',
      reachable: true,
      dependencies: [
        {
          dependency: 'ml_advisor',
          circuit: 'closed',
          bulkhead: null,
          successRate: null,
          recentCalls: 0,
          p95Ms: null,
          calls: advisorCalls,
          adaptive: { limit: null, retryBudget: null, hedges: null },
          deadlines: { notStarted: 0, cutOff: 0 },
          settings: null,
        },
      ],
      expiredMessages: 0,
    },
    { service: 'orders', reachable: false, error: 'down', dependencies: [], expiredMessages: null },
  ],
});

describe('callDifferences', () => {
  it('reports what each dependency did during a run, leaving out outcomes and dependencies that did not change', () => {
    const before = fleetWith({ success: 10, failure: 2, short_circuited: 0 }, { success: 5 });
    const after = fleetWith({ success: 15, failure: 7, short_circuited: 3 }, { success: 5 });
    expect(callDifferences(before, after)).toEqual([
      { service: 'payments', dependency: 'payment_provider', outcomes: { success: 5, failure: 5, short_circuited: 3 } },
    ]);
  });

  it('counts every call of a dependency that appeared during the run', () => {
    const before = fleetWith({}, {});
    before.services = [];
    expect(callDifferences(before, fleetWith({ failure: 4 }, {}))).toEqual([
      { service: 'payments', dependency: 'payment_provider', outcomes: { failure: 4 } },
    ]);
  });
});

describe('ScenariosService', () => {
  const realFetch = global.fetch;
  let calls: Array<{ method: string; path: string; adminKey: string | null }>;
  let recommendations: () => Promise<Response>;
  let service: ScenariosService;

  beforeEach(() => {
    jest.useFakeTimers();
    calls = [];
    recommendations = async () => Response.json({ recommendations: [], degraded: true });
    global.fetch = jest.fn(async (url: string | URL | Request, init?: RequestInit) => {
      const { pathname } = new URL(url instanceof Request ? url.url : url.toString());
      const headers = new Headers(init?.headers);
      calls.push({ method: init?.method ?? 'GET', path: pathname, adminKey: headers.get('x-admin-key') });
      if (pathname === '/api/recommendations') return recommendations();
      return Response.json({ ok: true });
    }) as typeof fetch;
    const fleet = { snapshot: async () => fleetWith({}, {}) } as unknown as FleetResilienceService;
    service = new ScenariosService(new ConfigService({ PORT: 3999, ADMIN_API_KEY: 'the-admin-key-0000' }), fleet);
  });

  afterEach(() => {
    global.fetch = realFetch;
    jest.useRealTimers();
  });

  const adminCalls = () =>
    calls.filter((c) => c.path.startsWith('/api/admin')).map((c) => `${c.method} ${c.path} ${c.adminKey}`);

  it('sets the fault through the admin route, drives traffic through the public route without the key, and clears the fault', async () => {
    const run = service.start('hung-advisor', 2_000);
    await jest.advanceTimersByTimeAsync(12_000);
    expect(run.status).toBe('finished');
    expect(adminCalls()).toEqual([
      'PUT /api/admin/faults/ml_advisor the-admin-key-0000',
      'DELETE /api/admin/faults/ml_advisor the-admin-key-0000',
    ]);
    const traffic = calls.filter((c) => c.path === '/api/recommendations');
    expect(traffic.length).toBeGreaterThan(20);
    expect(traffic.every((c) => c.adminKey === null)).toBe(true);
    expect(run.requests['GET /api/recommendations']).toEqual({ '200 degraded': traffic.length });
    expect(run.steps.map((s) => s.message)).toEqual([
      'fault ml_advisor: {"mode":"hang"}, held 2000 ms',
      'fault ml_advisor cleared',
      'advisor back: recommendations for 8 s more, so the breaker half-opens and closes',
      'done: finished',
    ]);
  });

  it('clears the fault even when every request fails, counting the failures', async () => {
    recommendations = async () => Promise.reject(new TypeError('fetch failed'));
    const run = service.start('hung-advisor', 1_000);
    await jest.advanceTimersByTimeAsync(12_000);
    expect(run.status).toBe('finished');
    expect(run.requests['GET /api/recommendations']['connection error']).toBeGreaterThan(0);
    expect(adminCalls()[1]).toBe('DELETE /api/admin/faults/ml_advisor the-admin-key-0000');
  });

  it('reads as running until the counts of its calls are in, however long the last scrape takes', async () => {
    let scrapes = 0;
    const slowFleet = {
      snapshot: () =>
        ++scrapes === 1
          ? Promise.resolve(fleetWith({}, {}))
          : new Promise((resolve) => setTimeout(() => resolve(fleetWith({ success: 40 }, {})), 700)),
    } as unknown as FleetResilienceService;
    service = new ScenariosService(new ConfigService({ PORT: 3999, ADMIN_API_KEY: 'the-admin-key-0000' }), slowFleet);
    const run = service.start('order-burst');
    await jest.advanceTimersByTimeAsync(100); // the orders are answered at once; the last scrape is under way
    expect(run.status).toBe('running');
    await jest.advanceTimersByTimeAsync(1_000);
    expect(run.status).toBe('finished');
    expect(run.calls).toEqual([{ service: 'payments', dependency: 'payment_provider', outcomes: { success: 40 } }]);
  });

  it('runs a scenario once at a time', async () => {
    service.start('payment-outage', 1_000);
    expect(() => service.start('payment-outage')).toThrow(ConflictException);
    await jest.advanceTimersByTimeAsync(10_000);
    expect(() => service.start('payment-outage', 1_000)).not.toThrow();
    await jest.advanceTimersByTimeAsync(10_000);
  });

  it('on shutdown stops the traffic and clears the fault before the server closes', async () => {
    const run = service.start('notification-overload', 60_000);
    await jest.advanceTimersByTimeAsync(1_000);
    const shutdown = service.beforeApplicationShutdown();
    await jest.advanceTimersByTimeAsync(1_000);
    await shutdown;
    expect(run.status).toBe('finished');
    expect(adminCalls()).toEqual([
      'PUT /api/admin/faults/notification_provider the-admin-key-0000',
      'DELETE /api/admin/faults/notification_provider the-admin-key-0000',
    ]);
  });
});
