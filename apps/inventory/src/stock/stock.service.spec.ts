import { normaliseLines } from './stock.service';

describe('normaliseLines', () => {
  it('adds up repeated SKUs and sorts by SKU so every transaction locks rows in the same order', () => {
    expect(
      normaliseLines([
        { sku: 'DOG-LEASH-RED', quantity: 1 },
        { sku: 'CAT-TOY-MOUSE', quantity: 2 },
        { sku: 'DOG-LEASH-RED', quantity: 3 },
      ]),
    ).toEqual([
      { sku: 'CAT-TOY-MOUSE', quantity: 2 },
      { sku: 'DOG-LEASH-RED', quantity: 4 },
    ]);
  });
});
