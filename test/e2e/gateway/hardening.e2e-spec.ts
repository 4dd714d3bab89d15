import { eventually } from '../support/fleet';
import { burst, clearFault, gateway, logLines, runGateway, setFault, untilNotThrottled } from './gateway-client';

jest.setTimeout(60_000);

describe('gateway hardening', () => {
  it('serves the OpenAPI docs at /docs and the document at /docs-json, admin routes marked with the key', async () => {
    const page = await gateway('/docs');
    expect(page.status).toBe(200);
    expect(String(page.body)).toContain('swagger');
    for (const asset of ['swagger-ui-bundle.js', 'swagger-ui-init.js', 'swagger-ui.css'])
      expect((await gateway(`/docs/${asset}`)).status).toBe(200);
    expect(page.headers.get('content-security-policy')).not.toContain('upgrade-insecure-requests');
    const doc = await gateway<{ paths: Record<string, any>; components: { securitySchemes: Record<string, unknown> } }>(
      '/docs-json',
    );
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/pets/{id}',
        '/api/admin/faults/{dependency}',
        '/api/admin/resilience/{service}/{dependency}',
        '/api/reports/sales',
      ]),
    );
    expect(doc.body.components.securitySchemes['admin-key']).toMatchObject({
      type: 'apiKey',
      in: 'header',
      name: 'x-admin-key',
    });
    expect(doc.body.paths['/api/admin/faults/{dependency}'].put.security).toEqual([{ 'admin-key': [] }]);
  });

  it('answers a bad body with 400 naming the field, in the one error shape with the request id', async () => {
    const bad = await gateway('/api/admin/faults/carrier', {
      method: 'PUT',
      body: { mode: 'sideways' },
      admin: true,
      headers: { 'x-request-id': 'e2e-bad-body-1' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: expect.stringContaining('mode must be one of'),
      field: 'mode',
      requestId: 'e2e-bad-body-1',
    });
    expect(bad.headers.get('x-request-id')).toBe('e2e-bad-body-1');
  });

  it('refuses unknown properties (forbidNonWhitelisted) naming them', async () => {
    const extra = await gateway('/api/admin/faults/cache', {
      method: 'PUT',
      body: { latencyMs: 5, surprise: true },
      admin: true,
    });
    expect(extra.status).toBe(400);
    expect(extra.body).toMatchObject({ field: 'surprise', message: 'property surprise should not exist' });
    const query = await gateway('/api/pets/DOG-BED-L?sort=asc');
    expect(query.status).toBe(400);
    expect(query.body).toMatchObject({ field: 'sort' });
  });

  it('admin routes: 401 without the key, 403 with a wrong one, both in the error shape', async () => {
    const missing = await gateway('/api/admin/faults');
    expect(missing.status).toBe(401);
    expect(missing.body).toMatchObject({
      statusCode: 401,
      error: 'Unauthorized',
      message: 'x-admin-key header is required',
      requestId: expect.any(String),
    });
    const wrong = await gateway('/api/admin/resilience', { headers: { 'x-admin-key': 'not-the-key-but-long-enough' } });
    expect(wrong.status).toBe(403);
    expect(wrong.body).toMatchObject({ statusCode: 403, error: 'Forbidden' });
    expect((await gateway('/api/admin/resilience', { admin: true })).status).toBe(200);
  });

  it('answers a body over the limit with 413 before reading it all', async () => {
    const big = await gateway('/api/admin/faults/cache', {
      method: 'PUT',
      rawBody: JSON.stringify({ padding: 'x'.repeat(200_000) }),
      admin: true,
    });
    expect(big.status).toBe(413);
    expect(big.body).toMatchObject({
      statusCode: 413,
      error: 'Payload Too Large',
      field: 'body',
      requestId: expect.any(String),
    });
  });

  it('sets security headers (helmet) and gives every answer a request id', async () => {
    const answer = await gateway('/api/pets/DOG-BED-L');
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(answer.headers.get('strict-transport-security')).toContain('max-age=');
    expect(answer.headers.get('x-powered-by')).toBeNull();
    expect(answer.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(answer.headers.get('x-correlation-id')).toBe(answer.headers.get('x-request-id'));
  });

  it('carries the request id into the advisor’s logs over HTTP', async () => {
    await setFault('ml_advisor', { latencyMs: 1 });
    try {
      const id = `e2e-trace-${Date.now()}`;
      expect(
        (await gateway('/api/recommendations?productId=DOG-BED-L', { headers: { 'x-request-id': id } })).status,
      ).toBe(200);
      await eventually(
        'the advisor to log the request id',
        async () =>
          logLines('ml-advisor').some((l) => l.correlationId === id && l.msg === 'injecting fault') ? true : undefined,
        5_000,
      );
    } finally {
      await clearFault('ml_advisor');
    }
  });

  it('carries the request id into Kafka headers: the backend services log it', async () => {
    const id = `e2e-kafka-${Date.now()}`;
    expect((await gateway('/api/system/status', { headers: { 'x-request-id': id } })).status).toBe(200);
    await eventually(
      'inventory to log the request id from the Kafka headers',
      async () =>
        logLines('inventory').some((l) => l.correlationId === id && l.msg === 'status requested') ? true : undefined,
      5_000,
    );
  });

  it('rate-limits each client: a burst gets 429 with Retry-After, then the client is served again', async () => {
    const report = '/api/reports/sales?from=2026-01-01&to=2026-01-31';
    await untilNotThrottled(report);
    // 30 reports from 3 connections: within the route's own capacity, so only the rate limit
    // (5 reports per second per client) can refuse them.
    const answers = await burst(30, 3, () => gateway(report));
    const limited = answers.filter((a) => a.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(Number(limited[0].headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited[0].body).toMatchObject({
      statusCode: 429,
      error: 'Too Many Requests',
      requestId: expect.any(String),
    });
    expect(answers.every((a) => a.status === 200 || a.status === 429)).toBe(true);
    // Probes are never limited, even right after a burst.
    expect((await gateway('/health/live')).status).toBe(200);
    await untilNotThrottled(report);
  });

  it('checks its own settings at start-up: a bad one stops it with exit code 1, naming it', async () => {
    const { code, output } = await runGateway({ PORT: '39999', THROTTLE_LIMIT: 'lots', ML_ADVISOR_URL: 'advisor' });
    expect(code).toBe(1);
    expect(output).toContain('Invalid environment');
    expect(output).toContain('THROTTLE_LIMIT');
    expect(output).toContain('ML_ADVISOR_URL must be an http(s) URL');
  });

  it('hides internals of unknown routes behind the same error shape', async () => {
    const missing = await gateway('/api/no-such-thing');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'Cannot GET /api/no-such-thing',
      requestId: expect.any(String),
    });
  });
});
