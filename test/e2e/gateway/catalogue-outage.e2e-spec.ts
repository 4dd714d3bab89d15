import { orderBody, postOrder, withDatabaseOf } from '../saga/saga-support';
import { eventually, fleetCli, pidOf } from '../support/fleet';
import { forgetProduct, gateway, PetPage } from './gateway-client';

jest.setTimeout(180_000);

/**
 * A product page has two parts from two processes: the product and its stock from inventory (the
 * catalogue's owner), recommendations from the ML advisor. Each process is killed here in turn
 * (SIGKILL: no goodbye to its consumer group, as a crash), the pages checked while it is dead,
 * and the process started again by the fleet CLI, which returns once it is ready.
 */

async function kill(name: string): Promise<void> {
  const pid = pidOf(name);
  expect(pid).toBeDefined();
  process.kill(pid!, 'SIGKILL');
  await eventually(`${name} to be dead`, async () => (pidOf(name) === undefined ? true : undefined), 10_000);
}

async function timeoutOf(dependency: string): Promise<number> {
  const summary = await gateway('/api/admin/resilience', { admin: true });
  return summary.body.dependencies[dependency].timeoutMs as number;
}

describe('product pages while a backend process is dead', () => {
  afterEach(async () => {
    // Whatever failed, leave the fleet whole for the suites that follow.
    if (pidOf('ml-advisor') === undefined || pidOf('inventory') === undefined) await fleetCli('start');
  }, 150_000);

  it('advisor killed: pages are still served with their availability, without recommendations, marked degraded', async () => {
    const product = 'RAB-HAY-1KG';
    await kill('ml-advisor');
    await forgetProduct(product); // from inventory, not the cache: the advisor has no part in it
    const page = await gateway<PetPage>(`/api/pets/${product}`);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({
      product: { id: product, name: 'Meadow hay 1 kg', priceCents: 499 },
      source: 'inventory',
      availability: { inStock: true, estimated: false },
      recommendations: [],
      degraded: true,
      degradedReason: expect.stringMatching(/^ml_advisor /) as string,
    });
    expect(page.body).not.toHaveProperty('strategy');

    await fleetCli('start'); // starts what is not running and returns once it is ready
    expect(pidOf('ml-advisor')).toBeDefined();
    const again = await eventually(
      'recommendations on the page again (the ml_advisor breaker closed)',
      async () => {
        const next = await gateway<PetPage>(`/api/pets/${product}`);
        return next.status === 200 && !next.body.degraded ? next : undefined;
      },
      30_000,
    );
    expect(again.body.recommendations.length).toBeGreaterThan(0);
  });

  it('inventory killed: pages are served from the last-known copy, estimated with its age; without one 503; orders say why', async () => {
    const known = 'REP-LAMP-UVB';
    const neverShown = 'FISH-FLAKES-250';
    await forgetProduct(known, { lastKnown: true });
    await forgetProduct(neverShown, { lastKnown: true });
    const fresh = await gateway<PetPage>(`/api/pets/${known}`);
    expect(fresh.body).toMatchObject({ source: 'inventory', availability: { inStock: true, estimated: false } });
    const budgetMs = await timeoutOf('inventory_catalogue');

    await kill('inventory');
    await forgetProduct(known); // its fresh copy expires, as after its 60 s

    const asked = Date.now();
    const page = await gateway<PetPage>(`/api/pets/${known}`);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({
      product: fresh.body.product,
      source: 'last-known',
      availability: {
        inStock: true,
        quantity: fresh.body.availability.quantity,
        estimated: true,
        asOf: fresh.body.availability.asOf,
        reason: `inventory did not answer within ${budgetMs} ms`,
      },
      // Recommendations are the advisor's, which is alive.
      degraded: false,
    });
    expect(page.body.availability.ageMs).toBeGreaterThanOrEqual(asked - Date.parse(fresh.body.availability.asOf));
    expect(page.elapsedMs).toBeGreaterThanOrEqual(budgetMs - 20); // it gave inventory its budget first

    const none = await gateway(`/api/pets/${neverShown}`);
    expect(none.status).toBe(503);
    expect(none.headers.get('retry-after')).toBe('1');
    expect(none.body).toMatchObject({
      statusCode: 503,
      error: 'CATALOGUE_UNAVAILABLE',
      message: `product ${neverShown} cannot be shown: inventory did not answer within ${budgetMs} ms, and the gateway has no last-known copy of it`,
    });

    // A few failed reads open the breaker: then the copy answers at once.
    const quick = await eventually(
      'the inventory_catalogue breaker to open',
      async () => {
        const next = await gateway<PetPage>(`/api/pets/${known}`);
        return next.body.availability.reason === 'the inventory_catalogue circuit is open' ? next : undefined;
      },
      30_000,
    );
    expect(quick.body).toMatchObject({ source: 'last-known', availability: { estimated: true } });
    expect(quick.elapsedMs).toBeLessThan(budgetMs);

    // An order needs inventory's prices and stock: a 503 naming inventory, and nothing placed.
    const body = orderBody([{ sku: known, quantity: 1 }]);
    const order = await postOrder(body);
    expect(order.status).toBe(503);
    expect(order.body).toMatchObject({
      statusCode: 503,
      error: 'UNAVAILABLE',
      message: expect.stringMatching(/^inventory did not answer: /) as string,
    });
    const placed = await withDatabaseOf('orders', (query) =>
      query('SELECT COUNT(*) AS n FROM orders WHERE customer_id = ?', [body.customerId]),
    );
    expect(Number((placed as { n: number }[])[0].n)).toBe(0);

    await fleetCli('start');
    expect(pidOf('inventory')).toBeDefined();
    const back = await eventually(
      'pages from inventory again (the inventory_catalogue breaker closed)',
      async () => {
        await forgetProduct(known);
        const next = await gateway<PetPage>(`/api/pets/${known}`);
        return next.body.source === 'inventory' ? next : undefined;
      },
      30_000,
    );
    expect(back.body.availability).toMatchObject({ estimated: false });
    expect(back.body.availability).not.toHaveProperty('reason');
    expect(Date.parse(back.body.availability.asOf)).toBeGreaterThan(Date.parse(fresh.body.availability.asOf));
  });
});
