import { eventually, urlOf } from '../support/fleet';
import { clearFault, forgetProduct, gateway, PetPage, setFault } from './gateway-client';

jest.setTimeout(60_000);

/** What a simulator does with one business request now: answers (with a status) or drops the connection. */
async function simulatorAnswer(simulator: string, path: string): Promise<number | 'connection reset'> {
  try {
    const response = await fetch(urlOf(simulator, path), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
      signal: AbortSignal.timeout(5_000),
    });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 'connection reset';
  }
}

describe('fault injection through the gateway', () => {
  afterAll(async () => {
    for (const dependency of ['carrier', 'payment_gateway', 'inventory_catalogue', 'cache', 'ml_advisor'])
      await clearFault(dependency);
  });

  it.each([
    ['carrier', 'carrier', '/quotes'],
    ['payment_gateway', 'payment-provider', '/charges'],
  ])(
    '%s: set down via the gateway, the simulator refuses, clear, it answers again',
    async (dependency, simulator, path) => {
      expect(await simulatorAnswer(simulator, path)).toEqual(expect.any(Number));

      const set = await setFault(dependency, { mode: 'down' });
      expect(set.status).toBe(200);
      expect(set.body).toMatchObject({ dependency, settings: { mode: 'down' } });
      expect(await simulatorAnswer(simulator, path)).toBe('connection reset');
      const listed = await gateway<{ dependency: string; settings: { mode: string } }[]>('/api/admin/faults', {
        admin: true,
      });
      expect(listed.body.find((f) => f.dependency === dependency)?.settings.mode).toBe('down');

      const cleared = await clearFault(dependency);
      expect(cleared.body).toMatchObject({ settings: { mode: 'up', latencyMs: 0, errorRate: 0 } });
      expect(await simulatorAnswer(simulator, path)).toEqual(expect.any(Number));
    },
  );

  it('validates fault bodies and dependencies, naming the field', async () => {
    expect((await setFault('carrier', { latencyMs: -5 })).body).toMatchObject({ statusCode: 400, field: 'latencyMs' });
    expect((await setFault('carrier', { errorRate: 2 })).body).toMatchObject({ statusCode: 400, field: 'errorRate' });
    expect((await setFault('carrier', {})).body).toMatchObject({ statusCode: 400, field: 'body' });
    expect((await setFault('inventory_catalogue', { seed: 3 })).body).toMatchObject({ statusCode: 400, field: 'seed' });
    expect((await setFault('toaster', { mode: 'down' })).body).toMatchObject({ statusCode: 400, field: 'dependency' });
  });

  it('inventory_catalogue latency really delays product reads; down, a page falls back to the last-known copy, or 503 without one', async () => {
    const product = 'BIRD-CAGE-M';
    await forgetProduct(product, { lastKnown: true });
    const first = await gateway<PetPage>(`/api/pets/${product}`); // keeps both copies
    expect(first.body).toMatchObject({ source: 'inventory', availability: { estimated: false } });

    await setFault('cache', { mode: 'down' }); // every read goes to inventory, no copy is readable
    await setFault('inventory_catalogue', { latencyMs: 400 });
    const slow = await gateway<PetPage>(`/api/pets/${product}`);
    expect(slow.status).toBe(200);
    expect(slow.body.source).toBe('inventory');
    expect(slow.elapsedMs).toBeGreaterThanOrEqual(400);

    await setFault('inventory_catalogue', { latencyMs: 0, mode: 'down' });
    const down = await gateway(`/api/pets/${product}`);
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({
      statusCode: 503,
      error: 'CATALOGUE_UNAVAILABLE',
      message: `product ${product} cannot be shown: injected fault: inventory_catalogue is down, and the gateway has no last-known copy of it`,
    });

    // Redis back, inventory still down, the fresh copy gone: the last-known copy answers.
    await clearFault('cache');
    await forgetProduct(product);
    const asked = Date.now();
    const estimated = await gateway<PetPage>(`/api/pets/${product}`);
    expect(estimated.status).toBe(200);
    expect(estimated.body).toMatchObject({
      product: first.body.product,
      source: 'last-known',
      availability: {
        quantity: first.body.availability.quantity,
        estimated: true,
        asOf: first.body.availability.asOf,
        reason: 'injected fault: inventory_catalogue is down',
      },
    });
    // Its age is counted from when inventory gave the figure (one machine, one clock).
    expect(estimated.body.availability.ageMs).toBeGreaterThanOrEqual(asked - Date.parse(first.body.availability.asOf));

    await clearFault('inventory_catalogue');
    await eventually(
      'the inventory_catalogue breaker to let reads through again',
      async () => {
        await forgetProduct(product);
        const page = await gateway<PetPage>(`/api/pets/${product}`);
        return page.body.source === 'inventory' ? true : undefined;
      },
      15_000,
    );
  });
});

describe('cache faults', () => {
  afterAll(() => clearFault('cache'));

  it('a hung cache costs at most its timeout: the page is read from inventory instead', async () => {
    const budget = (await gateway('/api/admin/resilience', { admin: true })).body.dependencies.cache
      .timeoutMs as number;
    await gateway('/api/pets/DOG-LEASH-RED'); // now cached
    expect((await gateway('/api/pets/DOG-LEASH-RED')).body.source).toBe('cache');
    await setFault('cache', { mode: 'hang' });
    const page = await gateway('/api/pets/DOG-LEASH-RED');
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ product: { id: 'DOG-LEASH-RED' }, source: 'inventory' });
    expect(page.elapsedMs).toBeGreaterThanOrEqual(budget);
    await clearFault('cache');
    expect((await gateway('/api/pets/DOG-LEASH-RED')).body.source).toBe('cache');
  });
});

describe('runtime resilience settings', () => {
  afterAll(async () => {
    await gateway('/api/admin/resilience/compartment_background', {
      method: 'PATCH',
      body: { bulkhead: { maxConcurrent: 8 } },
      admin: true,
    });
  });

  it('an update shows in the summary and in /metrics at once', async () => {
    const updated = await gateway('/api/admin/resilience/compartment_background', {
      method: 'PATCH',
      body: { bulkhead: { maxConcurrent: 5 } },
      admin: true,
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      dependency: 'compartment_background',
      settings: { bulkhead: { maxConcurrent: 5 } },
      summary: { bulkhead: '0/5' },
    });

    const summary = await gateway('/api/admin/resilience', { admin: true });
    expect(summary.body.dependencies.compartment_background).toMatchObject({
      bulkhead: '0/5',
      settings: { bulkhead: { maxConcurrent: 5 } },
    });
    expect(summary.body.dependencies.ml_advisor).toMatchObject({
      circuit: expect.any(String),
      timeoutMs: expect.any(Number),
    });

    const metrics = await (await fetch(urlOf('gateway', '/metrics'))).text();
    expect(metrics).toMatch(/resilience_bulkhead_max\{dependency="compartment_background"\} 5\b/);

    await gateway('/api/admin/resilience/compartment_background', {
      method: 'PATCH',
      body: { bulkhead: { maxConcurrent: 8 } },
      admin: true,
    });
    const restored = await (await fetch(urlOf('gateway', '/metrics'))).text();
    expect(restored).toMatch(/resilience_bulkhead_max\{dependency="compartment_background"\} 8\b/);
  });

  it('a bad key answers 400 naming it; an unknown dependency 404', async () => {
    const bad = await gateway('/api/admin/resilience/ml_advisor', {
      method: 'PATCH',
      body: { bulkhead: { maxConcurent: 3 } },
      admin: true,
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({
      field: 'resilience.dependencies.ml_advisor.bulkhead.maxConcurent',
      message: expect.stringContaining('unknown key'),
    });
    const badValue = await gateway('/api/admin/resilience/ml_advisor', {
      method: 'PATCH',
      body: { timeoutMs: -1 },
      admin: true,
    });
    expect(badValue.body).toMatchObject({ statusCode: 400, field: 'resilience.dependencies.ml_advisor.timeoutMs' });
    expect(
      (await gateway('/api/admin/resilience/nothing', { method: 'PATCH', body: { timeoutMs: 5 }, admin: true })).status,
    ).toBe(404);
  });
});
