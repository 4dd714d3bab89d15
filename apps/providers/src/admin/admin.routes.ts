import type { FaultInjector } from '../faults/fault-injector';
import { parseFaultPatch } from '../faults/fault-settings';
import type { Route } from '../http/router';
import type { Provider } from '../provider';

/** Live counters the server keeps about its own traffic and sockets. */
export interface TrafficStats {
  /** Every request received, any route. */
  requests: number;
  /** Requests to business routes (the ones faults apply to). */
  businessRequests: number;
  /** Requests received and not yet answered or aborted. */
  inFlight: number;
  /** Requests parked by `hang` mode and still open. */
  hanging: number;
  /** Open TCP connections, including idle keep-alive ones. */
  openConnections: number;
}

export interface AdminDependencies {
  provider: Provider;
  faults: FaultInjector;
  traffic: () => TrafficStats;
  resetTraffic: () => void;
}

/** `/admin/*`: fault injection, stats and reset. All require the admin key; none are faulted. */
export function createAdminRoutes({ provider, faults, traffic, resetTraffic }: AdminDependencies): Route[] {
  return [
    { method: 'GET', path: '/admin/faults', admin: true, handle: () => ({ status: 200, body: faults.current() }) },
    {
      method: 'PUT',
      path: '/admin/faults',
      admin: true,
      handle: ({ body }) => ({ status: 200, body: faults.update(parseFaultPatch(body)) }),
    },
    { method: 'DELETE', path: '/admin/faults', admin: true, handle: () => ({ status: 200, body: faults.clear() }) },
    {
      method: 'GET',
      path: '/admin/stats',
      admin: true,
      handle: () => ({
        status: 200,
        body: {
          kind: provider.kind,
          ...traffic(),
          faults: faults.current(),
          faultsServed: faults.faultsServed(),
          records: provider.records(),
        },
      }),
    },
    {
      // Lets a test suite start from a clean simulator without restarting the process.
      method: 'POST',
      path: '/admin/reset',
      admin: true,
      ignoresBody: true,
      handle: () => {
        provider.reset();
        faults.clear();
        faults.resetCounters();
        resetTraffic();
        return { status: 200, body: { reset: true, kind: provider.kind } };
      },
    },
  ];
}
