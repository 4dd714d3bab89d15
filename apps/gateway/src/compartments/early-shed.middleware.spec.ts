import { PATH_METADATA } from '@nestjs/common/constants';
import { ResilienceRegistry } from '@shop/resilience';
import type { NextFunction, Request, Response } from 'express';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { GatewaySettings } from '../common/gateway-settings';
import { compartmentForPath } from './compartment';
import { COMPARTMENT_KEY } from './compartment.decorator';
import { CompartmentsState } from './compartments.state';
import { EarlyShedMiddleware } from './early-shed.middleware';

function setUp(enabled = true) {
  const registry = new ResilienceRegistry(
    {
      dependencies: {
        gateway_capacity: { bulkhead: { maxConcurrent: 2, maxQueue: 0 } },
        compartment_critical: { bulkhead: { maxConcurrent: 4, maxQueue: 0 } },
        compartment_important: { bulkhead: { maxConcurrent: 4, maxQueue: 0 } },
        compartment_background: { bulkhead: { maxConcurrent: 1, maxQueue: 1 } },
      },
    },
    { metricsRegistry: false },
  );
  const state = new CompartmentsState({ COMPARTMENTS_ENABLED: enabled ? 'true' : 'false' } as GatewaySettings);
  const middleware = new EarlyShedMiddleware(registry, state);
  const run = (url: string) => {
    const answer = { status: 0, body: undefined as unknown, headers: {} as Record<string, string>, passed: false, locals: {} as Record<string, unknown> };
    const res = {
      locals: answer.locals,
      setHeader: (k: string, v: string) => (answer.headers[k.toLowerCase()] = v),
      status(code: number) {
        answer.status = code;
        return this;
      },
      json: (body: unknown) => (answer.body = body),
    } as unknown as Response;
    const req = { originalUrl: url, headers: { 'x-request-id': 'req-1' } } as unknown as Request;
    middleware.use(req, res, (() => (answer.passed = true)) as NextFunction);
    return answer;
  };
  const hold = (dependency: string) => void registry.get(dependency).execute(() => new Promise(() => undefined));
  return { registry, run, hold };
}

describe('EarlyShedMiddleware', () => {
  it('lets a request through while its compartment could still run or queue it', () => {
    const { run, hold } = setUp();
    expect(run('/api/recommendations?productId=A').passed).toBe(true);
    hold('compartment_background'); // 1/1 running, the queue place still free
    expect(run('/api/recommendations?productId=A').passed).toBe(true);
  });

  it('answers 503 at once, as the interceptor would, when the compartment is sure to refuse', () => {
    const { run, hold, registry } = setUp();
    const rejected: string[] = [];
    registry.onEvent((e) => void (e.type === 'bulkhead-rejected' && rejected.push(e.dependency)));
    hold('compartment_background');
    hold('compartment_background'); // running and queued: full
    const answer = run('/api/recommendations?productId=A');
    expect(answer.passed).toBe(false);
    expect(answer.status).toBe(503);
    expect(answer.headers).toMatchObject({ 'retry-after': '1', 'x-compartment': 'background' });
    expect(answer.body).toMatchObject({ statusCode: 503, message: expect.stringContaining('compartment_background'), requestId: 'req-1' });
    expect(answer.locals.metricsRoute).toBe('shed:background');
    expect(rejected).toEqual(['compartment_background']);
    // Other compartments and operator routes are not touched by a full background compartment.
    expect(run('/api/orders/1').passed).toBe(true);
    expect(run('/api/admin/faults').passed).toBe(true);
  });

  it('judges the shared capacity instead when compartments are off', () => {
    const { run, hold } = setUp(false);
    hold('gateway_capacity');
    expect(run('/api/orders/1').passed).toBe(true);
    hold('gateway_capacity');
    expect(run('/api/orders/1')).toMatchObject({ passed: false, status: 503 });
  });

  it('places every @Compartment route in the compartment its path implies (the middleware sees paths only)', () => {
    const checked: string[] = [];
    const root = join(__dirname, '..');
    const controllerFiles = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory() ? controllerFiles(join(dir, entry.name)) : entry.name.endsWith('.controller.ts') ? [join(dir, entry.name)] : [],
      );
    for (const file of controllerFiles(root)) {
      for (const exported of Object.values(require(file) as Record<string, unknown>)) {
        if (typeof exported !== 'function' || Reflect.getMetadata(PATH_METADATA, exported) === undefined) continue;
        const base = String(Reflect.getMetadata(PATH_METADATA, exported));
        const onClass = Reflect.getMetadata(COMPARTMENT_KEY, exported) as string | undefined;
        for (const name of Object.getOwnPropertyNames(exported.prototype)) {
          const handler = (exported.prototype as Record<string, unknown>)[name];
          if (name === 'constructor' || typeof handler !== 'function' || Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
          const declared = (Reflect.getMetadata(COMPARTMENT_KEY, handler) as string | undefined) ?? onClass;
          if (!declared) continue;
          const path = `/${[base, String(Reflect.getMetadata(PATH_METADATA, handler))].join('/')}`.replace(/\/+/g, '/').replace(/:[^/]+/g, 'x');
          expect({ path, compartment: compartmentForPath(path) }).toEqual({ path, compartment: declared });
          checked.push(path);
        }
      }
    }
    expect(checked).toEqual(expect.arrayContaining(['/api/reports/sales', '/api/recommendations/', '/api/pets/x']));
  });
});
