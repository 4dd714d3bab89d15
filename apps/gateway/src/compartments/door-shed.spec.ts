import { readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

import type { INestApplication } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants';
import { MetricsService } from '@shop/platform';
import { ResilienceRegistry } from '@shop/resilience';

import { GatewaySettings } from '../common/gateway-settings';
import { compartmentForPath } from './compartment';
import { COMPARTMENT_KEY } from './compartment.decorator';
import { CompartmentsState } from './compartments.state';
import { DoorShed, shedAtTheDoor } from './door-shed';

/** A real HTTP server whose app answers 200 "app"; the door shed sits in front of it. */
async function setUp(enabled = true) {
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
  const metrics = new MetricsService();
  const door = new DoorShed(registry, state, metrics);
  const server: Server = createServer((_req, res) => res.end('app'));
  shedAtTheDoor({ getHttpServer: () => server, get: () => door } as unknown as INestApplication);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const run = async (url: string, init: RequestInit = {}) => {
    const response = await fetch(base + url, { headers: { 'x-request-id': 'req-1' }, ...init });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      text,
      passed: text === 'app',
      body: text === 'app' ? undefined : (JSON.parse(text) as unknown),
    };
  };
  const hold = (dependency: string) => void registry.get(dependency).execute(() => new Promise(() => undefined));
  const shedCount = async (compartment: string) =>
    (await metrics.httpRequestDuration.get()).values.find(
      (v) => v.metricName === 'http_request_duration_seconds_count' && v.labels.route === `shed:${compartment}`,
    )?.value ?? 0;
  return { registry, run, hold, shedCount };
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

describe('DoorShed', () => {
  it('lets a request through to the app while its compartment could still run or queue it', async () => {
    const { run, hold } = await setUp();
    expect((await run('/api/recommendations?productId=A')).passed).toBe(true);
    hold('compartment_background'); // 1/1 running, the queue place still free
    expect((await run('/api/recommendations?productId=A')).passed).toBe(true);
  });

  it('answers 503 before the app, as the interceptor would, when the compartment is sure to refuse', async () => {
    const { run, hold, registry, shedCount } = await setUp();
    const rejected: string[] = [];
    registry.onEvent((e) => void (e.type === 'bulkhead-rejected' && rejected.push(e.dependency)));
    hold('compartment_background');
    hold('compartment_background'); // running and queued: full
    const shedBefore = await shedCount('background');
    const answer = await run('/api/recommendations?productId=A');
    expect(answer.passed).toBe(false);
    expect(answer.status).toBe(503);
    expect(Object.fromEntries(answer.headers)).toMatchObject({
      'retry-after': '1',
      'x-compartment': 'background',
      'x-request-id': 'req-1',
      'x-correlation-id': 'req-1',
      'content-type': 'application/json; charset=utf-8',
      'x-content-type-options': 'nosniff', // the security headers every answer carries
      'content-security-policy': expect.stringContaining("default-src 'self'"),
    });
    expect(answer.body).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message: expect.stringContaining('compartment_background'),
      requestId: 'req-1',
    });
    expect(await shedCount('background')).toBe(shedBefore + 1);
    expect(rejected).toEqual(['compartment_background']);
    // Other compartments and operator routes are not touched by a full background compartment.
    expect((await run('/api/orders/1')).passed).toBe(true);
    expect((await run('/api/admin/faults')).passed).toBe(true);
  });

  it('sheds a request with a body without reading it, and the connection serves the next request', async () => {
    const { run, hold } = await setUp();
    hold('compartment_background');
    hold('compartment_background');
    const shed = await run('/api/reports/sales', {
      method: 'POST',
      body: 'x'.repeat(200_000),
      headers: { 'content-type': 'application/json' },
    });
    expect(shed.status).toBe(503);
    expect((await run('/api/orders/1')).passed).toBe(true);
  });

  it('gives a request without a usable id a fresh one', async () => {
    const { run, hold } = await setUp();
    hold('compartment_background');
    hold('compartment_background');
    const answer = await run('/api/recommendations', { headers: { 'x-request-id': 'not an id' } });
    expect(answer.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(answer.body).toMatchObject({ requestId: answer.headers.get('x-request-id') });
  });

  it('judges the shared capacity instead when compartments are off', async () => {
    const { run, hold } = await setUp(false);
    hold('gateway_capacity');
    expect((await run('/api/orders/1')).passed).toBe(true);
    hold('gateway_capacity');
    expect(await run('/api/orders/1')).toMatchObject({ passed: false, status: 503 });
  });

  it('places every @Compartment route in the compartment its path implies (the door sees paths only)', () => {
    const checked: string[] = [];
    const root = join(__dirname, '..');
    const controllerFiles = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory()
          ? controllerFiles(join(dir, entry.name))
          : entry.name.endsWith('.controller.ts')
            ? [join(dir, entry.name)]
            : [],
      );
    for (const file of controllerFiles(root)) {
      for (const exported of Object.values(require(file) as Record<string, unknown>)) {
        if (typeof exported !== 'function' || Reflect.getMetadata(PATH_METADATA, exported) === undefined) continue;
        const base = String(Reflect.getMetadata(PATH_METADATA, exported));
        const onClass = Reflect.getMetadata(COMPARTMENT_KEY, exported) as string | undefined;
        for (const name of Object.getOwnPropertyNames(exported.prototype)) {
          const handler = (exported.prototype as Record<string, unknown>)[name];
          if (
            name === 'constructor' ||
            typeof handler !== 'function' ||
            Reflect.getMetadata(PATH_METADATA, handler) === undefined
          )
            continue;
          const declared = (Reflect.getMetadata(COMPARTMENT_KEY, handler) as string | undefined) ?? onClass;
          if (!declared) continue;
          const path = `/${[base, String(Reflect.getMetadata(PATH_METADATA, handler))].join('/')}`
            .replace(/\/+/g, '/')
            .replace(/:[^/]+/g, 'x');
          expect({ path, compartment: compartmentForPath(path) }).toEqual({ path, compartment: declared });
          checked.push(path);
        }
      }
    }
    expect(checked).toEqual(expect.arrayContaining(['/api/reports/sales', '/api/recommendations/', '/api/pets/x']));
  });
});
