import { CallHandler, ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ResilienceRegistry } from '@shop/resilience';
import { firstValueFrom, lastValueFrom, Observable, of, Subject, toArray } from 'rxjs';

import { GatewaySettings } from '../common/gateway-settings';
import { CompartmentInterceptor } from './compartment.interceptor';
import { CompartmentsState } from './compartments.state';

const bulkhead = (maxConcurrent: number) => ({ bulkhead: { maxConcurrent, maxQueue: 0 } });

function setUp(enabled = true) {
  const registry = new ResilienceRegistry(
    {
      dependencies: {
        gateway_capacity: { bulkhead: { maxConcurrent: 4, maxQueue: 0, laneShares: { low: 0.25 } } },
        compartment_critical: bulkhead(4),
        compartment_important: bulkhead(4),
        compartment_background: bulkhead(1),
      },
    },
    { metricsRegistry: false },
  );
  const state = new CompartmentsState({ COMPARTMENTS_ENABLED: enabled ? 'true' : 'false' } as GatewaySettings);
  const interceptor = new CompartmentInterceptor(new Reflector(), registry, state);
  const headers: Record<string, string> = {};
  const context = (path: string) =>
    ({
      getType: () => 'http',
      getHandler: () => function handler() {},
      getClass: () => class Controller {},
      switchToHttp: () => ({
        getRequest: () => ({ path }),
        getResponse: () => ({ setHeader: (k: string, v: string) => (headers[k] = v) }),
      }),
    }) as unknown as ExecutionContext;
  return { registry, interceptor, context, headers, state };
}

const handler = (source: Observable<unknown>): CallHandler => ({ handle: () => source });

describe('CompartmentInterceptor', () => {
  it('runs a request in its compartment, names it in x-compartment and frees the slot afterwards', async () => {
    const { interceptor, context, headers, registry } = setUp();
    await expect(
      lastValueFrom(interceptor.intercept(context('/api/pets/x'), handler(of({ ok: true })))),
    ).resolves.toEqual({ ok: true });
    expect(headers['x-compartment']).toBe('important');
    expect(registry.get('compartment_important').summary().bulkhead).toBe('0/4');
  });

  it('holds the slot while the handler runs and refuses background beyond its bulkhead', async () => {
    const { interceptor, context, registry } = setUp();
    const slow = new Subject<unknown>();
    const first = lastValueFrom(interceptor.intercept(context('/api/reports/sales'), handler(slow)));
    await Promise.resolve();
    expect(registry.get('compartment_background').summary().bulkhead).toBe('1/1');
    const second = lastValueFrom(interceptor.intercept(context('/api/reports/sales'), handler(of('never'))));
    await expect(second).rejects.toMatchObject({
      isBulkheadRejectedError: true,
      reason: 'full',
      dependency: 'compartment_background',
    });
    // Critical is unaffected by the full background compartment.
    await expect(lastValueFrom(interceptor.intercept(context('/api/orders/1'), handler(of('order'))))).resolves.toBe(
      'order',
    );
    slow.next('report');
    slow.complete();
    await expect(first).resolves.toBe('report');
    expect(registry.get('compartment_background').summary().bulkhead).toBe('0/1');
  });

  it('forwards every value of a stream as it comes', async () => {
    const { interceptor, context } = setUp();
    const stream = new Subject<number>();
    const values = lastValueFrom(interceptor.intercept(context('/api/pets/x'), handler(stream)).pipe(toArray()));
    const firstValue = firstValueFrom(interceptor.intercept(context('/api/pets/y'), handler(of(0))));
    await expect(firstValue).resolves.toBe(0);
    stream.next(1);
    stream.next(2);
    stream.complete();
    await expect(values).resolves.toEqual([1, 2]);
  });

  it('passes handler errors through', async () => {
    const { interceptor, context } = setUp();
    const failing = new Observable((s) => s.error(new Error('boom')));
    await expect(lastValueFrom(interceptor.intercept(context('/api/pets/x'), handler(failing)))).rejects.toThrow(
      'boom',
    );
  });

  it('leaves admin routes and probes out of every compartment', async () => {
    const { interceptor, context, headers } = setUp();
    await lastValueFrom(interceptor.intercept(context('/api/admin/faults'), handler(of(1))));
    expect(headers['x-compartment']).toBeUndefined();
  });

  it('with compartments off, uses only the shared capacity', async () => {
    const { interceptor, context, registry } = setUp(false);
    const slow = new Subject<unknown>();
    const running = lastValueFrom(interceptor.intercept(context('/api/reports/sales'), handler(slow)));
    await Promise.resolve();
    expect(registry.get('compartment_background').summary().bulkhead).toBe('0/1');
    expect(registry.get('gateway_capacity').summary().bulkhead).toBe('1/4');
    slow.next(1);
    slow.complete();
    await running;
  });
});
