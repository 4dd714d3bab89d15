import { clearFault, forgetProduct, gateway, PetPage, setFault } from './gateway-client';

jest.setTimeout(60_000);

describe('GET /api/pets/:id', () => {
  afterEach(() => clearFault('ml_advisor'));

  it('answers a catalogue product by its SKU, with recommendations from order history or, without it, the catalogue', async () => {
    // A product no suite orders: its list is popular products (whatever has sold so far) topped
    // up from the catalogue, cat products first. (Learning from orders: learning-from-orders.e2e-spec.ts.)
    await forgetProduct('CAT-FOUNTAIN-LTD'); // not from the cache, whatever ran before
    const page = await gateway<PetPage>('/api/pets/CAT-FOUNTAIN-LTD');
    expect(page.status).toBe(200);
    expect(page.headers.get('x-compartment')).toBe('important');
    // From inventory, the catalogue's owner: its name and price, and its stock now.
    expect(page.body.product).toEqual({
      id: 'CAT-FOUNTAIN-LTD',
      name: 'Limited ceramic cat fountain',
      species: 'cat',
      category: 'accessories',
      priceCents: 5900,
    });
    expect(page.body.source).toBe('inventory');
    expect(page.body.availability).toEqual({
      inStock: true,
      quantity: expect.any(Number) as number,
      estimated: false,
      asOf: expect.any(String) as string,
      ageMs: expect.any(Number) as number,
    });
    expect(page.body.availability.quantity).toBeGreaterThan(0);
    expect(page.body.availability.ageMs).toBeLessThan(1_000);
    expect(page.body.degraded).toBe(false);
    expect(['popularity', 'catalogue']).toContain(page.body.strategy);
    const recs = page.body.recommendations;
    expect(recs).toHaveLength(4);
    expect(recs.map((r) => r.productId)).not.toContain('CAT-FOUNTAIN-LTD');
    expect(new Set(recs.map((r) => r.productId)).size).toBe(4);
    // Evidence first: popular products, then the catalogue's cat products, then the rest.
    const kinds = recs.map(
      (r) => ({ 'popular with other customers': 0, 'more for your cat': 1, 'from our catalogue': 2 })[r.reason],
    );
    expect(kinds.every((k) => k !== undefined)).toBe(true);
    expect(kinds).toEqual([...kinds].sort());
    expect(recs.every((r) => r.name !== r.productId)).toBe(true); // named from the catalogue
  });

  it('personalises for a customer and serves the product from the cache the second time', async () => {
    await gateway('/api/pets/CAT-LITTER-10L');
    const page = await gateway<PetPage>('/api/pets/CAT-LITTER-10L?customerId=customer-without-orders');
    expect(page.status).toBe(200);
    expect(page.body.source).toBe('cache');
    expect(page.body.availability).toMatchObject({ inStock: true, estimated: false });
    expect(page.body.recommendations.map((r) => r.productId)).not.toContain('CAT-LITTER-10L');
  });

  it('answers degraded, without recommendations, within the advisor timeout when the advisor hangs', async () => {
    const timeoutMs = (await gateway('/api/admin/resilience', { admin: true })).body.dependencies.ml_advisor
      .timeoutMs as number;
    await gateway('/api/pets/DOG-BED-L'); // cached, so only the advisor can be slow
    expect((await setFault('ml_advisor', { mode: 'hang' })).status).toBe(200);
    const page = await gateway<PetPage>('/api/pets/DOG-BED-L');
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({
      product: { id: 'DOG-BED-L' },
      recommendations: [],
      degraded: true,
      degradedReason: 'ml_advisor timeout',
    });
    expect(page.elapsedMs).toBeGreaterThanOrEqual(timeoutMs - 20);
    expect(page.elapsedMs).toBeLessThan(timeoutMs + 700);
  });

  it('answers degraded at once when the advisor is down', async () => {
    await setFault('ml_advisor', { mode: 'down' });
    const page = await gateway<PetPage>('/api/pets/DOG-BED-L');
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ recommendations: [], degraded: true });
  });

  it('404 for an unknown product; 503 for the product whose catalogue read fails', async () => {
    expect((await gateway('/api/pets/no-such-pet')).body).toMatchObject({
      statusCode: 404,
      message: 'no product no-such-pet',
    });
    // Its read always fails and no copy of it was ever kept: a 503 saying so, not a 500.
    const broken = await gateway('/api/pets/broken-product');
    expect(broken.status).toBe(503);
    expect(broken.body).toMatchObject({
      statusCode: 503,
      error: 'CATALOGUE_UNAVAILABLE',
      message: expect.stringContaining('no last-known copy') as string,
      requestId: expect.any(String) as string,
    });
    expect(JSON.stringify(broken.body)).not.toContain('at ');
  });
});
