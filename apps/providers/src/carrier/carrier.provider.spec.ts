import { startTestProvider, TestProvider } from '../testing/provider-test-client';
import { quoteShipping, shippingZoneOf } from './carrier.provider';

describe('quoteShipping', () => {
  it.each([
    ['DE', 'domestic'],
    ['FR', 'eu'],
    ['US', 'world'],
  ])('puts %s in zone %s', (country, zone) => {
    expect(shippingZoneOf(country)).toBe(zone);
  });

  it('prices base + per kg + per item, rounded to cents', () => {
    // domestic: 4.90 + 0.80 × 2.5 + 0.25 × 3 = 7.65
    expect(quoteShipping({ destinationCountry: 'DE', weightKg: 2.5, items: 3 })).toEqual({
      cost: 7.65,
      etaDays: 1,
      zone: 'domestic',
    });
    // eu: 8.90 + 1.50 × 1 + 0.25 × 1 = 10.65
    expect(quoteShipping({ destinationCountry: 'AT', weightKg: 1, items: 1 }).cost).toBe(10.65);
    // world: 19.90 + 4.00 × 0.333 + 0.25 = 21.482 → 21.48
    expect(quoteShipping({ destinationCountry: 'JP', weightKg: 0.333, items: 1 })).toEqual({
      cost: 21.48,
      etaDays: 7,
      zone: 'world',
    });
  });

  it('adds a day for parcels over 20 kg', () => {
    expect(quoteShipping({ destinationCountry: 'FR', weightKg: 20, items: 1 }).etaDays).toBe(3);
    expect(quoteShipping({ destinationCountry: 'FR', weightKg: 20.5, items: 1 }).etaDays).toBe(4);
  });

  it('is deterministic', () => {
    const input = { destinationCountry: 'IT', weightKg: 3.2, items: 4 };
    expect(quoteShipping(input)).toEqual(quoteShipping(input));
  });
});

describe('carrier provider', () => {
  let provider: TestProvider;

  beforeEach(async () => {
    provider = await startTestProvider('carrier');
  });

  afterEach(() => provider.close());

  it('answers POST /quotes with 200 and a PetExpress quote in EUR', async () => {
    const response = await provider.post('/quotes', { destinationCountry: 'DE', weightKg: 2.5, items: 3 });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ carrier: 'PetExpress', cost: 7.65, currency: 'EUR', etaDays: 1 });
    expect(response.body.quoteId).toMatch(/^qt_/);
    expect((await provider.stats()).records).toEqual({ quotes: 1 });
  });

  it('accepts a lower-case country code and normalises it', async () => {
    const response = await provider.post('/quotes', { destinationCountry: 'fr', weightKg: 1, items: 1 });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ destinationCountry: 'FR', zone: 'eu', cost: 10.65 });
  });

  it('reports kind carrier on /health', async () => {
    expect((await provider.get('/health')).body).toEqual({ status: 'up', kind: 'carrier' });
  });

  it('does not serve payment routes', async () => {
    expect((await provider.post('/charges', {})).status).toBe(404);
  });

  it.each([
    [{ destinationCountry: 'Germany' }, 'destinationCountry'],
    [{ destinationCountry: 'D1' }, 'destinationCountry'],
    [{ destinationCountry: undefined }, 'destinationCountry'],
    [{ weightKg: 0 }, 'weightKg'],
    [{ weightKg: 1001 }, 'weightKg'],
    [{ weightKg: '2' }, 'weightKg'],
    [{ items: 0 }, 'items'],
    [{ items: 1.5 }, 'items'],
  ])('answers 400 validation for %j', async (overrides, field) => {
    const response = await provider.post('/quotes', { destinationCountry: 'DE', weightKg: 1, items: 1, ...overrides });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: 'validation', field });
  });
});
