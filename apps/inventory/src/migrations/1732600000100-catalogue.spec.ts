import { seedProductRows } from './1732600000100-catalogue';

/**
 * What this migration seeded while it held its own list, before the catalogue moved to
 * @shop/contracts. Databases that ran it hold exactly these rows; a fresh database must get the
 * same, or the two would drift apart without a migration saying so.
 */
const SEEDED_BEFORE_THE_MOVE = [
  ['DOG-FOOD-12KG', 'Grain-free adult dog food 12 kg', 'dog', 'food', 54.9, 12, 100000],
  ['DOG-LEASH-RED', 'Reflective leash, red, 2 m', 'dog', 'accessories', 14.5, 0.3, 100000],
  ['DOG-BED-L', 'Orthopaedic dog bed, large', 'dog', 'beds', 89, 4.5, 100000],
  ['DOG-TREATS-500', 'Chicken training treats 500 g', 'dog', 'treats', 7.99, 0.5, 100000],
  ['CAT-FOOD-4KG', 'Indoor cat dry food 4 kg', 'cat', 'food', 24.5, 4, 100000],
  ['CAT-LITTER-10L', 'Clumping cat litter 10 l', 'cat', 'hygiene', 9.9, 8, 100000],
  ['CAT-TREE-XL', 'Cat tree with scratching posts, 180 cm', 'cat', 'furniture', 149, 22, 100000],
  ['CAT-TOY-MOUSE', 'Catnip mouse, 3 pack', 'cat', 'toys', 4.5, 0.1, 100000],
  ['FISH-FLAKES-250', 'Tropical fish flakes 250 ml', 'fish', 'food', 6.2, 0.1, 100000],
  ['FISH-AQUA-300L', 'Aquarium 300 l with cabinet', 'fish', 'aquariums', 899, 95, 100000],
  ['FISH-FILTER-EXT', 'External canister filter', 'fish', 'equipment', 129, 5, 100000],
  ['BIRD-SEED-2KG', 'Budgie seed mix 2 kg', 'bird', 'food', 5.9, 2, 100000],
  ['BIRD-CAGE-M', 'Bird cage, medium', 'bird', 'cages', 69, 7, 100000],
  ['RAB-HAY-1KG', 'Meadow hay 1 kg', 'rabbit', 'food', 4.99, 1, 100000],
  ['RAB-HUTCH', 'Outdoor rabbit hutch', 'rabbit', 'housing', 219, 30, 100000],
  ['REP-LAMP-UVB', 'UVB lamp for terrariums', 'reptile', 'equipment', 39.9, 0.4, 100000],
  ['DOG-HARNESS-LTD', 'Limited edition harness', 'dog', 'accessories', 39, 0.4, 10],
  ['CAT-FOUNTAIN-LTD', 'Limited ceramic cat fountain', 'cat', 'accessories', 59, 2, 10],
];

describe('Catalogue1732600000100 seed', () => {
  it('seeds from the shared catalogue exactly what it seeded before the catalogue moved', () => {
    expect(seedProductRows()).toEqual(SEEDED_BEFORE_THE_MOVE);
  });

  it('converts cents to the euro prices of the products table', () => {
    expect(
      seedProductRows([
        { sku: 'X-1', name: 'x', species: 'dog', category: 'toys', priceCents: 799, weightKg: 0.5, initialStock: 3 },
      ]),
    ).toEqual([['X-1', 'x', 'dog', 'toys', 7.99, 0.5, 3]]);
  });
});
