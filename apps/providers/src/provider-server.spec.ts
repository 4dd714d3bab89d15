import { request } from 'node:http';

import { MAX_BODY_BYTES } from './http/json-body';
import { eventually, startTestProvider, TEST_ADMIN_KEY, TestProvider } from './testing/provider-test-client';

const validCharge = (idempotencyKey: string) => ({ orderId: 'order-1', amount: 25.5, currency: 'EUR', idempotencyKey });

describe('provider server', () => {
  let provider: TestProvider;

  beforeEach(async () => {
    provider = await startTestProvider('payment');
  });

  afterEach(async () => {
    await provider.close();
  });

  describe('health and routing', () => {
    it('answers GET /health with status up and its kind', async () => {
      const response = await provider.get('/health');
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ status: 'up', kind: 'payment' });
    });

    it('answers 404 for an unknown route', async () => {
      const response = await provider.get('/nope');
      expect(response.status).toBe(404);
      expect(response.body.error).toBe('not_found');
    });

    it('answers 405 with an Allow header for a known path and wrong method', async () => {
      const response = await fetch(`${provider.url}/health`, { method: 'DELETE' });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('GET');
    });

    it('treats //health as a path (404), not as a host, and ignores the query string', async () => {
      const answer = await new Promise<number>((resolve, reject) => {
        request(`${provider.url}/`, { path: '//health' }, (res) => {
          res.resume();
          resolve(res.statusCode!);
        })
          .on('error', reject)
          .end();
      });
      expect(answer).toBe(404);
      expect((await provider.get('/health?verbose=1')).status).toBe(200);
    });

    it('answers 400 invalid_json for a malformed body', async () => {
      const response = await provider.post('/charges', '{"orderId": ');
      expect(response.status).toBe(400);
      expect(response.body.error).toBe('invalid_json');
    });

    it('answers 400 invalid_json for an empty body', async () => {
      const response = await provider.post('/charges', '');
      expect(response.status).toBe(400);
      expect(response.body.error).toBe('invalid_json');
    });

    it('answers 400 validation naming "body" when the JSON is not an object', async () => {
      const response = await provider.post('/charges', [1, 2]);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ error: 'validation', field: 'body' });
    });

    it('answers 413 for a body over 64 KB and accepts one just under', async () => {
      const padding = (size: number) => JSON.stringify({ ...validCharge('big'), pad: 'x'.repeat(size) });
      const tooLarge = await provider.post('/charges', padding(MAX_BODY_BYTES));
      expect(tooLarge.status).toBe(413);
      expect(tooLarge.body.error).toBe('payload_too_large');

      const fits = await provider.post('/charges', padding(MAX_BODY_BYTES - 200));
      expect(fits.status).toBe(201);
    });

    it('answers 413 for an oversized chunked body without a content-length', async () => {
      const chunk = new TextEncoder().encode('x'.repeat(16 * 1024));
      let sent = 0;
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent++ < 5) controller.enqueue(chunk);
          else controller.close();
        },
      });
      const response = await fetch(`${provider.url}/charges`, { method: 'POST', body: stream, duplex: 'half' });
      expect(response.status).toBe(413);
    });

    it('logs one JSON-ready line per request with method, path, status, ms and kind', async () => {
      await provider.get('/health');
      await eventually(() => provider.logs.some((entry) => entry.msg === 'request'));
      const line = provider.logs.find((entry) => entry.msg === 'request')!;
      expect(line).toMatchObject({ method: 'GET', path: '/health', status: 200, kind: 'payment' });
      expect(typeof line.ms).toBe('number');
      expect(() => JSON.stringify(line)).not.toThrow();
    });
  });

  describe('admin key', () => {
    it('answers 401 when x-admin-key is missing', async () => {
      const response = await provider.get('/admin/faults', {});
      expect(response.status).toBe(401);
    });

    it.each(['/charges', '/refunds'])('keys the ledger GET %s: 401 without, 403 wrong, 200 right', async (path) => {
      expect((await provider.get(path, {})).status).toBe(401);
      expect((await provider.get(path, { 'x-admin-key': 'wrong' })).status).toBe(403);
      expect((await provider.get(path, { 'x-admin-key': TEST_ADMIN_KEY })).status).toBe(200);
    });

    it('answers 403 when x-admin-key is wrong', async () => {
      const response = await provider.get('/admin/faults', { 'x-admin-key': 'wrong' });
      expect(response.status).toBe(403);
    });

    it('answers 200 with the right key', async () => {
      const response = await provider.get('/admin/faults', { 'x-admin-key': TEST_ADMIN_KEY });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ latencyMs: 0, errorRate: 0, mode: 'up', seed: null });
    });

    it('protects PUT /admin/faults too', async () => {
      const response = await fetch(`${provider.url}/admin/faults`, {
        method: 'PUT',
        body: JSON.stringify({ mode: 'down' }),
      });
      expect(response.status).toBe(401);
      expect((await provider.get('/admin/faults', { 'x-admin-key': TEST_ADMIN_KEY })).body.mode).toBe('up');
    });
  });

  describe('fault configuration', () => {
    it('merges partial updates and clears them with DELETE', async () => {
      await provider.setFaults({ latencyMs: 10 });
      const updated = await provider.setFaults({ errorRate: 0.5 });
      expect(updated.body).toEqual({ latencyMs: 10, errorRate: 0.5, mode: 'up', seed: null });

      const cleared = await provider.clearFaults();
      expect(cleared.body).toEqual({ latencyMs: 0, errorRate: 0, mode: 'up', seed: null });
    });

    it.each([
      [{ latencyMs: -1 }, 'latencyMs'],
      [{ latencyMs: 60_001 }, 'latencyMs'],
      [{ latencyMs: 1.5 }, 'latencyMs'],
      [{ errorRate: 1.1 }, 'errorRate'],
      [{ errorRate: '0.5' }, 'errorRate'],
      [{ mode: 'sideways' }, 'mode'],
      [{ latency: 100 }, 'latency'],
    ])('answers 400 naming the bad field for %j', async (patch, field) => {
      const response = await provider.setFaults(patch as never);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ error: 'validation', field });
    });

    it('keeps health and admin routes unaffected by faults', async () => {
      await provider.setFaults({ mode: 'down', latencyMs: 5_000, errorRate: 1 });
      expect((await provider.get('/health')).status).toBe(200);
      expect((await provider.get('/admin/faults', { 'x-admin-key': TEST_ADMIN_KEY })).status).toBe(200);
    });
  });

  describe('injected faults on business routes', () => {
    it('delays the answer by latencyMs (measured)', async () => {
      const latencyMs = 250;
      await provider.setFaults({ latencyMs });
      const startedAt = performance.now();
      const response = await provider.post('/charges', validCharge('slow'));
      const elapsed = performance.now() - startedAt;
      expect(response.status).toBe(201);
      expect(elapsed).toBeGreaterThanOrEqual(latencyMs);
    });

    it('answers 503 on every request with errorRate 1 and runs no handler', async () => {
      await provider.setFaults({ errorRate: 1 });
      for (let attempt = 0; attempt < 20; attempt++) {
        const response = await provider.post('/charges', validCharge(`k-${attempt}`));
        expect(response.status).toBe(503);
        expect(response.body).toMatchObject({ error: 'service_unavailable', injected: true });
      }
      const stats = await provider.stats();
      expect(stats.records.captured).toBe(0);
      expect(stats.faultsServed.errors).toBe(20);
    });

    it('never answers 503 with errorRate 0', async () => {
      await provider.setFaults({ errorRate: 0 });
      for (let attempt = 0; attempt < 20; attempt++) {
        expect((await provider.post('/charges', validCharge(`k-${attempt}`))).status).toBe(201);
      }
    });

    it('replays the same 503 sequence for the same seed', async () => {
      const run = async () => {
        await provider.setFaults({ errorRate: 0.5, seed: 42 });
        const statuses: number[] = [];
        for (let attempt = 0; attempt < 12; attempt++) {
          const { status } = await provider.post('/charges', validCharge(`seeded-${attempt}`));
          statuses.push(status === 503 ? 503 : 201);
        }
        return statuses;
      };
      const first = await run();
      await fetch(`${provider.url}/admin/reset`, { method: 'POST', headers: { 'x-admin-key': TEST_ADMIN_KEY } });
      expect(await run()).toEqual(first);
      expect(first).toContain(503);
      expect(first.some((status) => status !== 503)).toBe(true);
    });

    it('destroys the connection in down mode: fetch rejects with a network error, not a status', async () => {
      await provider.setFaults({ mode: 'down' });
      const failure = await fetch(`${provider.url}/charges`, {
        method: 'POST',
        body: JSON.stringify(validCharge('down')),
      }).then(
        () => undefined,
        (error: Error & { cause?: { code?: string } }) => error,
      );
      // fetch's TypeError comes from another realm than jest's, so compare names, not classes.
      expect(failure?.name).toBe('TypeError');
      expect(['ECONNRESET', 'UND_ERR_SOCKET']).toContain(failure!.cause?.code);

      const stats = await provider.stats();
      expect(stats.faultsServed.resets).toBe(1);
      expect(stats.records.captured).toBe(0);
      await eventually(() => provider.logs.some((entry) => entry.fault === 'down' && entry.status === null));
    });

    it('hangs in hang mode until the client aborts, then releases the request', async () => {
      await provider.setFaults({ mode: 'hang' });
      const failure = await fetch(`${provider.url}/charges`, {
        method: 'POST',
        body: JSON.stringify(validCharge('hang')),
        signal: AbortSignal.timeout(200),
      }).then(
        () => undefined,
        (error: Error) => error,
      );
      expect(['TimeoutError', 'AbortError']).toContain(failure?.name);

      // The server notices the disconnect asynchronously; it must not keep the request.
      await eventually(async () => (await provider.stats()).hanging === 0);
      const stats = await provider.stats();
      expect(stats.faultsServed.hangs).toBe(1);
      expect(stats.inFlight).toBe(1); // the stats request itself
      expect(stats.records.captured).toBe(0);
    });

    it('counts a parked request as hanging while the client waits', async () => {
      await provider.setFaults({ mode: 'hang' });
      const controller = new AbortController();
      const pending = fetch(`${provider.url}/charges`, { method: 'POST', body: '{}', signal: controller.signal }).catch(
        (error: Error) => error,
      );
      await eventually(async () => (await provider.stats()).hanging === 1);
      controller.abort();
      expect(((await pending) as Error).name).toBe('AbortError');
      await eventually(async () => (await provider.stats()).hanging === 0);
    });

    it('closes promptly even with a hung request open', async () => {
      await provider.setFaults({ mode: 'hang' });
      const pending = fetch(`${provider.url}/charges`, { method: 'POST', body: '{}' }).catch((error: Error) => error);
      await eventually(async () => (await provider.stats()).hanging === 1);
      // The grace period is 5 s; a hung request must not make close() wait for it.
      const startedAt = performance.now();
      await provider.close();
      expect(performance.now() - startedAt).toBeLessThan(2_000);
      expect(((await pending) as Error).name).toBe('TypeError');
    });

    it('applies faults only to business routes: listings stay readable while down', async () => {
      await provider.post('/charges', validCharge('before-outage'));
      await provider.setFaults({ mode: 'down' });
      const listing = await provider.get('/charges?orderId=order-1');
      expect(listing.status).toBe(200);
      expect(listing.body.charges).toHaveLength(1);
    });
  });

  describe('close', () => {
    it('lets an in-flight request finish within the grace period, then stops', async () => {
      await provider.setFaults({ latencyMs: 200 });
      const pending = provider.post('/charges', validCharge('late'));
      await eventually(async () => (await provider.stats()).inFlight === 2);
      await provider.close();
      const answer = await pending;
      expect(answer.status).toBe(201);
      expect(answer.headers.get('connection')).toBe('close');
      await expect(fetch(`${provider.url}/health`)).rejects.toThrow();
    });

    it('does not wait for idle keep-alive connections', async () => {
      // An aborted slow request first: this is the sequence that once left close() waiting for
      // the client's 4 s keep-alive timeout.
      await provider.setFaults({ latencyMs: 2_000 });
      await fetch(`${provider.url}/charges`, { method: 'POST', body: '{}', signal: AbortSignal.timeout(50) }).catch(
        () => undefined,
      );
      await provider.clearFaults();
      await provider.get('/health');
      await provider.stats();
      const startedAt = performance.now();
      await provider.close();
      expect(performance.now() - startedAt).toBeLessThan(1_000);
    });

    it('can be called twice', async () => {
      await Promise.all([provider.close(), provider.close()]);
    });
  });

  describe('stats and reset', () => {
    it('counts requests, business requests and kind-specific records', async () => {
      await provider.get('/health');
      await provider.post('/charges', validCharge('a'));
      await provider.post('/charges', validCharge('a'));
      const stats = await provider.stats();
      expect(stats).toMatchObject({
        kind: 'payment',
        businessRequests: 2,
        records: { captured: 1, declined: 0, refunds: 0, voidedKeys: 0, duplicateChargeRequests: 1 },
      });
      expect(stats.requests).toBe(4);
    });

    it('POST /admin/reset forgets records, faults and counters', async () => {
      await provider.post('/charges', validCharge('a'));
      await provider.setFaults({ latencyMs: 100 });
      const reset = await fetch(`${provider.url}/admin/reset`, {
        method: 'POST',
        headers: { 'x-admin-key': TEST_ADMIN_KEY },
      });
      expect(reset.status).toBe(200);
      const stats = await provider.stats();
      expect(stats.records.captured).toBe(0);
      expect(stats.faults.latencyMs).toBe(0);
      expect(stats.businessRequests).toBe(0);
    });
  });
});
