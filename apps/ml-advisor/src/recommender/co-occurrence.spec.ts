import { alsoBought, Basket, forCustomer, popular, trainCoOccurrence } from './co-occurrence';

const basket = (customerId: string, ...productIds: string[]): Basket => ({ customerId, productIds });

describe('trainCoOccurrence', () => {
  it('keeps a product named like an Object.prototype member as a product, not as the prototype', () => {
    const ids = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];
    const model = trainCoOccurrence([basket('c1', ...ids), basket('c2', ...ids)], { minSupport: 1 });
    for (const id of ids) {
      expect(Object.hasOwn(model.neighbours, id)).toBe(true);
      expect(alsoBought(model, id, 3).map((p) => p.productId)).toEqual(
        expect.arrayContaining(ids.filter((o) => o !== id)),
      );
    }
    expect(Object.getPrototypeOf(model.neighbours)).toBe(Object.prototype);
  });

  it('scores a pair by the cosine of their basket vectors: together / sqrt(orders(a) · orders(b))', () => {
    // A in 4 orders, B in 2, both together in 2: 2 / sqrt(4 · 2) = 0.707107
    const model = trainCoOccurrence(
      [basket('c1', 'A', 'B'), basket('c2', 'A', 'B'), basket('c3', 'A'), basket('c4', 'A')],
      { minSupport: 1 },
    );
    expect(model.neighbours.A).toEqual([{ productId: 'B', score: 0.707107, together: 2 }]);
    expect(model.neighbours.B).toEqual([{ productId: 'A', score: 0.707107, together: 2 }]);
  });

  it('counts a product once per basket however often it appears in it', () => {
    const model = trainCoOccurrence([basket('c1', 'A', 'A', 'B'), basket('c2', 'A', 'B')], { minSupport: 1 });
    expect(model.popularity).toEqual([
      { productId: 'A', orders: 2 },
      { productId: 'B', orders: 2 },
    ]);
    expect(model.neighbours.A[0]).toEqual({ productId: 'B', score: 1, together: 2 });
  });

  it('drops pairs seen together fewer than minSupport times', () => {
    const model = trainCoOccurrence([basket('c1', 'A', 'B'), basket('c2', 'A', 'C'), basket('c3', 'A', 'C')], {
      minSupport: 2,
    });
    expect(model.neighbours.A.map((n) => n.productId)).toEqual(['C']);
    expect(model.neighbours.B).toBeUndefined();
  });

  it('does not rank the best seller as everyone’s neighbour just because it is everywhere', () => {
    // Bestseller X is in every basket; A and B are niche but always bought together.
    const baskets = [
      basket('1', 'A', 'B', 'X'),
      basket('2', 'A', 'B', 'X'),
      ...Array.from({ length: 20 }, (_, i) => basket(`o${i}`, 'X', `Z${i % 3}`)),
    ];
    const model = trainCoOccurrence(baskets, { minSupport: 1 });
    expect(model.neighbours.A[0].productId).toBe('B');
    expect(model.neighbours.A[0].score).toBeGreaterThan(model.neighbours.A[1].score);
  });

  it('keeps at most maxNeighbours per product, best first, ties broken by id', () => {
    const model = trainCoOccurrence([basket('c', 'A', 'D', 'C', 'B')], { minSupport: 1, maxNeighbours: 2 });
    expect(model.neighbours.A.map((n) => n.productId)).toEqual(['B', 'C']);
  });

  it('ignores empty baskets', () => {
    const model = trainCoOccurrence([basket('c1'), basket('c2', 'A')]);
    expect(model.baskets).toBe(1);
  });
});

describe('recommending', () => {
  const model = trainCoOccurrence(
    [
      basket('c1', 'DOG-FOOD-12KG', 'DOG-TREATS-500'),
      basket('c2', 'DOG-FOOD-12KG', 'DOG-TREATS-500', 'DOG-LEASH-RED'),
      basket('c3', 'DOG-FOOD-12KG', 'DOG-LEASH-RED'),
      basket('c4', 'DOG-FOOD-12KG', 'DOG-TREATS-500'),
      basket('c5', 'CAT-FOOD-4KG', 'CAT-LITTER-10L'),
      basket('c6', 'CAT-FOOD-4KG', 'CAT-LITTER-10L'),
      basket('c7', 'DOG-FOOD-12KG'),
    ],
    { minSupport: 2 },
  );

  it('alsoBought lists neighbours best first, then tops up with popular products', () => {
    const recs = alsoBought(model, 'DOG-TREATS-500', 3);
    expect(recs[0]).toMatchObject({ productId: 'DOG-FOOD-12KG', basis: 'also-bought', together: 3 });
    expect(recs.slice(1).every((r) => r.basis === 'popularity')).toBe(true);
    expect(recs.map((r) => r.productId)).not.toContain('DOG-TREATS-500');
    expect(recs).toHaveLength(3);
  });

  it('alsoBought falls back to popularity for a product never seen (cold start)', () => {
    const recs = alsoBought(model, 'brand-new', 2);
    expect(recs.map((r) => [r.productId, r.basis])).toEqual([
      ['DOG-FOOD-12KG', 'popularity'],
      ['DOG-TREATS-500', 'popularity'],
    ]);
    expect(recs[0].score).toBe(1);
  });

  it('forCustomer ranks products similar to several purchases first and leaves out what was bought', () => {
    const recs = forCustomer(model, ['DOG-TREATS-500', 'DOG-LEASH-RED'], 2);
    expect(recs[0]).toMatchObject({ productId: 'DOG-FOOD-12KG', basis: 'personal', score: 1 });
    expect(recs.map((r) => r.productId)).not.toEqual(expect.arrayContaining(['DOG-TREATS-500', 'DOG-LEASH-RED']));
  });

  it('forCustomer treats the product being viewed as part of the history', () => {
    const recs = forCustomer(model, [], 1, 'CAT-FOOD-4KG');
    expect(recs).toEqual([{ productId: 'CAT-LITTER-10L', score: 1, together: 2, basis: 'personal' }]);
  });

  it('forCustomer without any history answers with the most popular products', () => {
    expect(forCustomer(model, [], 2).map((r) => r.basis)).toEqual(['popularity', 'popularity']);
  });

  it('popular scores relative to the best seller and honours exclusions', () => {
    expect(popular(model, new Set(['DOG-FOOD-12KG']), 1)).toEqual([
      { productId: 'DOG-TREATS-500', score: 0.6, together: 0, basis: 'popularity' },
    ]);
  });
});

describe('ids naming Object.prototype members', () => {
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])('%s is an unknown product, not a crash', (id) => {
    const model = trainCoOccurrence([
      { customerId: 'c1', productIds: ['a', 'b'] },
      { customerId: 'c2', productIds: ['a', 'b'] },
    ]);
    expect(() => alsoBought(model, id, 3)).not.toThrow();
    expect(() => forCustomer(model, [id], 3, id)).not.toThrow();
    expect(alsoBought(model, id, 3).every((p) => p.basis === 'popularity')).toBe(true);
  });
});
