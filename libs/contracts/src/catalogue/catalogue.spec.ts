import { CATALOGUE } from './catalogue';

describe('CATALOGUE', () => {
  it('names every product once, by an SKU the gateway accepts in an order', () => {
    const skus = CATALOGUE.map((p) => p.sku);
    expect(new Set(skus).size).toBe(skus.length);
    // The gateway's place-order validation, and the 32 characters inventory and orders store.
    expect(skus.filter((sku) => !/^[A-Z0-9][A-Z0-9-]{0,31}$/.test(sku))).toEqual([]);
  });

  it('prices in whole cents, with positive weights and stock', () => {
    expect(
      CATALOGUE.filter(
        (p) => !Number.isInteger(p.priceCents) || p.priceCents <= 0 || p.weightKg <= 0 || p.initialStock <= 0,
      ),
    ).toEqual([]);
  });

  it('leaves out the id the gateway reserves for a failing catalogue read', () => {
    expect(CATALOGUE.map((p) => p.sku.toLowerCase())).not.toContain('broken-product');
  });
});
