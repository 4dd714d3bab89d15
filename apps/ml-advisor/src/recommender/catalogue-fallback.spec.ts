import { topUpFromCatalogue } from './catalogue-fallback';
import type { ScoredProduct } from './co-occurrence';

const catalogue = [
  { id: 'DOG-FOOD', species: 'dog' },
  { id: 'CAT-TREE', species: 'cat' },
  { id: 'CAT-FOOD', species: 'cat' },
  { id: 'BIRD-SEED', species: 'bird' },
  { id: 'CAT-TOY', species: 'cat' },
];

describe('topUpFromCatalogue', () => {
  it('without any history suggests the same species first, then the rest, each in SKU order, never the product itself', () => {
    expect(topUpFromCatalogue([], catalogue, { productId: 'CAT-TREE' }, 4)).toEqual([
      { productId: 'CAT-FOOD', score: 0, together: 0, basis: 'catalogue', forSpecies: 'cat' },
      { productId: 'CAT-TOY', score: 0, together: 0, basis: 'catalogue', forSpecies: 'cat' },
      { productId: 'BIRD-SEED', score: 0, together: 0, basis: 'catalogue' },
      { productId: 'DOG-FOOD', score: 0, together: 0, basis: 'catalogue' },
    ]);
  });

  it('only tops up: what the model picked stays first, and is not repeated', () => {
    const picked: ScoredProduct[] = [{ productId: 'CAT-TOY', score: 1, together: 0, basis: 'popularity' }];
    expect(topUpFromCatalogue(picked, catalogue, { productId: 'CAT-TREE' }, 3).map((p) => p.productId)).toEqual([
      'CAT-TOY',
      'CAT-FOOD',
      'BIRD-SEED',
    ]);
    expect(topUpFromCatalogue([...picked, ...picked], catalogue, { productId: 'CAT-TREE' }, 2)).toEqual([
      ...picked,
      ...picked,
    ]);
  });

  it('leaves out what the customer already bought; an unknown or absent product gets catalogue order', () => {
    expect(
      topUpFromCatalogue([], catalogue, { exclude: ['BIRD-SEED', 'CAT-FOOD'] }, 2).map((p) => p.productId),
    ).toEqual(['CAT-TOY', 'CAT-TREE']);
    expect(topUpFromCatalogue([], catalogue, { productId: 'NO-SUCH' }, 1).map((p) => p.productId)).toEqual([
      'BIRD-SEED',
    ]);
  });
});
