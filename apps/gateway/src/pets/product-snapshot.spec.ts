import { parseSnapshot, productRead, ProductSnapshot } from './product-snapshot';

const SNAPSHOT: ProductSnapshot = {
  product: { id: 'DOG-BED-L', name: 'Orthopaedic dog bed, large', species: 'dog', category: 'beds', priceCents: 8900 },
  available: 97,
  asOf: '2026-03-14T09:00:00.000Z',
};
const AS_OF = Date.parse(SNAPSHOT.asOf);

describe('productRead', () => {
  it('shows inventory’s figure as it is, not estimated, aged by the clock', () => {
    expect(productRead(SNAPSHOT, 'inventory', AS_OF + 3)).toEqual({
      product: SNAPSHOT.product,
      availability: { inStock: true, quantity: 97, estimated: false, asOf: SNAPSHOT.asOf, ageMs: 3 },
      source: 'inventory',
    });
    expect(productRead(SNAPSHOT, 'cache', AS_OF + 59_000).availability).toMatchObject({
      estimated: false,
      ageMs: 59_000,
    });
  });

  it('marks the last-known copy estimated, with its age and why', () => {
    expect(productRead(SNAPSHOT, 'last-known', AS_OF + 3_600_000, 'the inventory_catalogue circuit is open')).toEqual({
      product: SNAPSHOT.product,
      availability: {
        inStock: true,
        quantity: 97,
        estimated: true,
        asOf: SNAPSHOT.asOf,
        ageMs: 3_600_000,
        reason: 'the inventory_catalogue circuit is open',
      },
      source: 'last-known',
    });
  });

  it('gives a reason only to an estimate', () => {
    expect(productRead(SNAPSHOT, 'inventory', AS_OF, 'ignored').availability).not.toHaveProperty('reason');
  });

  it('is out of stock at zero units, and never younger than zero (a replica’s clock ahead)', () => {
    const gone = productRead({ ...SNAPSHOT, available: 0 }, 'inventory', AS_OF - 250).availability;
    expect(gone).toMatchObject({ inStock: false, quantity: 0, ageMs: 0 });
  });
});

describe('parseSnapshot', () => {
  it('reads back what was written', () => {
    expect(parseSnapshot(JSON.stringify(SNAPSHOT))).toEqual(SNAPSHOT);
  });

  it('keeps only the snapshot’s own fields', () => {
    const extra = { ...SNAPSHOT, debug: 'x', product: { ...SNAPSHOT.product, secret: 1 } };
    expect(parseSnapshot(JSON.stringify(extra))).toEqual(SNAPSHOT);
  });

  it.each([
    ['nothing', null],
    ['not JSON', '{"product": '],
    ['JSON null', 'null'],
    ['a number', '42'],
    ['the old cache shape (a bare product)', JSON.stringify(SNAPSHOT.product)],
    ['no asOf', JSON.stringify({ ...SNAPSHOT, asOf: undefined })],
    ['an asOf that is no date', JSON.stringify({ ...SNAPSHOT, asOf: 'yesterday' })],
    ['a negative stock', JSON.stringify({ ...SNAPSHOT, available: -1 })],
    ['a fractional stock', JSON.stringify({ ...SNAPSHOT, available: 1.5 })],
    ['a price as text', JSON.stringify({ ...SNAPSHOT, product: { ...SNAPSHOT.product, priceCents: '8900' } })],
    ['an empty name', JSON.stringify({ ...SNAPSHOT, product: { ...SNAPSHOT.product, name: '' } })],
  ])('takes %s for no copy', (_, raw) => {
    expect(parseSnapshot(raw)).toBeUndefined();
  });
});
