import { clearFault, gateway, setFault } from './gateway-client';

jest.setTimeout(60_000);

interface PetPage {
  product: { id: string; name: string };
  source: 'cache' | 'database';
  recommendations: { productId: string; name: string; score: number; reason: string }[];
  strategy?: string;
  degraded: boolean;
  degradedReason?: string;
}

describe('GET /api/pets/:id', () => {
  afterEach(() => clearFault('ml_advisor'));

  it('answers the product with recommendations learned from order history', async () => {
    const page = await gateway<PetPage>('/api/pets/aquarium-60l');
    expect(page.status).toBe(200);
    expect(page.headers.get('x-compartment')).toBe('important');
    expect(page.body.product).toMatchObject({ id: 'aquarium-60l', name: 'Aquarium 60 l' });
    expect(page.body.degraded).toBe(false);
    expect(page.body.strategy).toBe('also-bought');
    // The seeded history buys aquariums with their supplies: the model must have found that.
    const supplies = ['aquarium-filter', 'aquarium-heater', 'water-conditioner', 'aquarium-gravel', 'aquarium-plants'];
    expect(page.body.recommendations.length).toBeGreaterThanOrEqual(3);
    expect(page.body.recommendations.slice(0, 3).every((r) => supplies.includes(r.productId))).toBe(true);
    expect(page.body.recommendations[0]).toMatchObject({ name: expect.any(String), score: expect.any(Number), reason: expect.stringMatching(/bought together \d+ times/) });
  });

  it('personalises for a customer and serves the product from the cache the second time', async () => {
    await gateway('/api/pets/cat-litter');
    const page = await gateway<PetPage>('/api/pets/cat-litter?customerId=customer-0002');
    expect(page.status).toBe(200);
    expect(page.body.source).toBe('cache');
    expect(page.body.recommendations.map((r) => r.productId)).not.toContain('cat-litter');
  });

  it('answers degraded, without recommendations, within the advisor timeout when the advisor hangs', async () => {
    const timeoutMs = (await gateway('/api/admin/resilience', { admin: true })).body.dependencies.ml_advisor.timeoutMs as number;
    await gateway('/api/pets/dog-bed'); // cached, so only the advisor can be slow
    expect((await setFault('ml_advisor', { mode: 'hang' })).status).toBe(200);
    const page = await gateway<PetPage>('/api/pets/dog-bed');
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ product: { id: 'dog-bed' }, recommendations: [], degraded: true, degradedReason: 'ml_advisor timeout' });
    expect(page.elapsedMs).toBeGreaterThanOrEqual(timeoutMs - 20);
    expect(page.elapsedMs).toBeLessThan(timeoutMs + 700);
  });

  it('answers degraded at once when the advisor is down', async () => {
    await setFault('ml_advisor', { mode: 'down' });
    const page = await gateway<PetPage>('/api/pets/dog-bed');
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ recommendations: [], degraded: true });
  });

  it('404 for an unknown product; 503 for the product whose database read fails', async () => {
    expect((await gateway('/api/pets/no-such-pet')).body).toMatchObject({ statusCode: 404, message: 'no product no-such-pet' });
    const broken = await gateway('/api/pets/broken-product');
    expect(broken.status).toBe(503);
    expect(broken.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable', requestId: expect.any(String) });
    expect(JSON.stringify(broken.body)).not.toContain('at ');
  });
});
