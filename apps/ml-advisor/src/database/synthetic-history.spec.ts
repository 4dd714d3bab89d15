import { trainCoOccurrence } from '../recommender/co-occurrence';
import { SEED_CATALOGUE } from './seed-catalogue';
import { seededRandom, syntheticOrderHistory } from './synthetic-history';

const options = { customers: 50, orders: 400, days: 90, until: new Date('2026-11-01T00:00:00Z'), seed: 7 };

describe('syntheticOrderHistory', () => {
  it('is deterministic for a seed', () => {
    expect(syntheticOrderHistory(SEED_CATALOGUE, options)).toEqual(syntheticOrderHistory(SEED_CATALOGUE, options));
  });

  it('uses only catalogue products, one line per product per order, within the date span', () => {
    const lines = syntheticOrderHistory(SEED_CATALOGUE, options);
    const ids = new Set(SEED_CATALOGUE.map((p) => p.id));
    expect(lines.every((l) => ids.has(l.productId))).toBe(true);
    const keys = lines.map((l) => `${l.orderId}/${l.productId}`);
    expect(new Set(keys).size).toBe(keys.length);
    const earliest = options.until.getTime() - options.days * 86_400_000;
    expect(lines.every((l) => l.orderedAt.getTime() >= earliest && l.orderedAt <= options.until)).toBe(true);
  });

  it('has structure a model can learn: an aquarium’s nearest neighbours are aquarium supplies', () => {
    const lines = syntheticOrderHistory(SEED_CATALOGUE, { ...options, orders: 2000 });
    const baskets = new Map<string, { customerId: string; productIds: string[] }>();
    for (const l of lines) {
      const b = baskets.get(l.orderId) ?? { customerId: l.customerId, productIds: [] };
      b.productIds.push(l.productId);
      baskets.set(l.orderId, b);
    }
    const model = trainCoOccurrence([...baskets.values()]);
    const top = model.neighbours['aquarium-60l'].slice(0, 3).map((n) => n.productId);
    expect(top.every((id) => ['aquarium-filter', 'aquarium-heater', 'water-conditioner', 'aquarium-gravel'].includes(id))).toBe(true);
  });
});

describe('seededRandom', () => {
  it('returns numbers in [0, 1), the same sequence for the same seed', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
  });
});
