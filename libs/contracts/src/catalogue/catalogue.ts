/**
 * The pet shop's catalogue, defined once: inventory seeds its products (prices, weights, stock)
 * from it and the ML advisor its catalogue copy (what product pages show and recommendations
 * name), so the SKUs that orders carry are the ids the advisor learns from.
 *
 * Migrations read this list when they run. Changing a product here does not change databases
 * that already ran them: add a migration in each service that needs the change.
 */
export interface CatalogueItem {
  /** Stock-keeping unit: the product's id everywhere (orders, inventory, advisor, gateway). */
  sku: string;
  name: string;
  species: string;
  category: string;
  /** List price in euro cents. */
  priceCents: number;
  weightKg: number;
  /** Units inventory starts with. */
  initialStock: number;
}

/**
 * A product as shops show it: what inventory answers a product read with, what the ML advisor
 * keeps a copy of (it names recommendations from it), and what product pages carry.
 */
export interface CatalogueProduct {
  /** The SKU. */
  id: string;
  name: string;
  species: string;
  category: string;
  priceCents: number;
}

/**
 * Every product, in catalogue order (by species, then as a shop would shelve them): the order the
 * advisor falls back to when it has no order history to go on. `broken-product` is deliberately
 * absent: the gateway treats it as the product whose catalogue read fails.
 */
export const CATALOGUE: readonly CatalogueItem[] = [
  {
    sku: 'DOG-FOOD-12KG',
    name: 'Grain-free adult dog food 12 kg',
    species: 'dog',
    category: 'food',
    priceCents: 5490,
    weightKg: 12,
    initialStock: 100000,
  },
  {
    sku: 'DOG-LEASH-RED',
    name: 'Reflective leash, red, 2 m',
    species: 'dog',
    category: 'accessories',
    priceCents: 1450,
    weightKg: 0.3,
    initialStock: 100000,
  },
  {
    sku: 'DOG-BED-L',
    name: 'Orthopaedic dog bed, large',
    species: 'dog',
    category: 'beds',
    priceCents: 8900,
    weightKg: 4.5,
    initialStock: 100000,
  },
  {
    sku: 'DOG-TREATS-500',
    name: 'Chicken training treats 500 g',
    species: 'dog',
    category: 'treats',
    priceCents: 799,
    weightKg: 0.5,
    initialStock: 100000,
  },
  {
    sku: 'CAT-FOOD-4KG',
    name: 'Indoor cat dry food 4 kg',
    species: 'cat',
    category: 'food',
    priceCents: 2450,
    weightKg: 4,
    initialStock: 100000,
  },
  {
    sku: 'CAT-LITTER-10L',
    name: 'Clumping cat litter 10 l',
    species: 'cat',
    category: 'hygiene',
    priceCents: 990,
    weightKg: 8,
    initialStock: 100000,
  },
  {
    sku: 'CAT-TREE-XL',
    name: 'Cat tree with scratching posts, 180 cm',
    species: 'cat',
    category: 'furniture',
    priceCents: 14900,
    weightKg: 22,
    initialStock: 100000,
  },
  {
    sku: 'CAT-TOY-MOUSE',
    name: 'Catnip mouse, 3 pack',
    species: 'cat',
    category: 'toys',
    priceCents: 450,
    weightKg: 0.1,
    initialStock: 100000,
  },
  {
    sku: 'FISH-FLAKES-250',
    name: 'Tropical fish flakes 250 ml',
    species: 'fish',
    category: 'food',
    priceCents: 620,
    weightKg: 0.1,
    initialStock: 100000,
  },
  {
    sku: 'FISH-AQUA-300L',
    name: 'Aquarium 300 l with cabinet',
    species: 'fish',
    category: 'aquariums',
    priceCents: 89900,
    weightKg: 95,
    initialStock: 100000,
  },
  {
    sku: 'FISH-FILTER-EXT',
    name: 'External canister filter',
    species: 'fish',
    category: 'equipment',
    priceCents: 12900,
    weightKg: 5,
    initialStock: 100000,
  },
  {
    sku: 'BIRD-SEED-2KG',
    name: 'Budgie seed mix 2 kg',
    species: 'bird',
    category: 'food',
    priceCents: 590,
    weightKg: 2,
    initialStock: 100000,
  },
  {
    sku: 'BIRD-CAGE-M',
    name: 'Bird cage, medium',
    species: 'bird',
    category: 'cages',
    priceCents: 6900,
    weightKg: 7,
    initialStock: 100000,
  },
  {
    sku: 'RAB-HAY-1KG',
    name: 'Meadow hay 1 kg',
    species: 'rabbit',
    category: 'food',
    priceCents: 499,
    weightKg: 1,
    initialStock: 100000,
  },
  {
    sku: 'RAB-HUTCH',
    name: 'Outdoor rabbit hutch',
    species: 'rabbit',
    category: 'housing',
    priceCents: 21900,
    weightKg: 30,
    initialStock: 100000,
  },
  {
    sku: 'REP-LAMP-UVB',
    name: 'UVB lamp for terrariums',
    species: 'reptile',
    category: 'equipment',
    priceCents: 3990,
    weightKg: 0.4,
    initialStock: 100000,
  },
  // Scarce items, for stock contention (tests set their stock before use).
  {
    sku: 'DOG-HARNESS-LTD',
    name: 'Limited edition harness',
    species: 'dog',
    category: 'accessories',
    priceCents: 3900,
    weightKg: 0.4,
    initialStock: 10,
  },
  {
    sku: 'CAT-FOUNTAIN-LTD',
    name: 'Limited ceramic cat fountain',
    species: 'cat',
    category: 'accessories',
    priceCents: 5900,
    weightKg: 2,
    initialStock: 10,
  },
];
