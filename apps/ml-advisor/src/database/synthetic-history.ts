import type { CatalogueProduct } from '@shop/contracts';

/** One synthetic order line, as stored in `order_lines`. */
export interface SyntheticOrderLine {
  orderId: string;
  customerId: string;
  productId: string;
  quantity: number;
  orderedAt: Date;
}

export interface SyntheticHistoryOptions {
  customers: number;
  orders: number;
  /** Orders spread over this many days before `until`. */
  days: number;
  until: Date;
  seed: number;
}

/**
 * Bundles real shoppers buy together (a new aquarium comes with a filter, a heater and water
 * conditioner). Each synthetic order starts either from one of these or from the customer's
 * species, so the history has genuine co-occurrence structure for the model to find.
 */
const BUNDLES: readonly (readonly string[])[] = [
  ['aquarium-60l', 'aquarium-filter', 'aquarium-heater', 'water-conditioner', 'aquarium-gravel'],
  ['fish-flakes', 'water-conditioner'],
  ['dog-food-puppy', 'puppy-pads', 'dog-collar', 'dog-leash', 'dog-chew-toy'],
  ['dog-food-adult', 'dog-treats'],
  ['dog-shampoo', 'dog-flea-drops'],
  ['cat-litter', 'cat-litter-box', 'cat-food-dry'],
  ['cat-food-wet', 'cat-food-dry', 'catnip'],
  ['cat-scratcher', 'cat-wand-toy', 'catnip'],
  ['bird-cage', 'bird-seed', 'bird-perch', 'cuttlebone'],
  ['hamster-cage', 'hamster-wheel', 'small-pet-bedding', 'water-bottle'],
  ['rabbit-pellets', 'timothy-hay'],
  ['terrarium', 'uvb-lamp', 'heat-mat', 'calcium-powder'],
];

/** mulberry32: small seeded PRNG, so every start-up seeds the same history. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A deterministic order history: each customer keeps one or two species; an order is a bundle
 * (partly taken) 60% of the time, otherwise 1–3 products of the customer's species. Quantities
 * are mostly 1. Used by the seed migration while order events are not yet published.
 */
export function syntheticOrderHistory(catalogue: readonly CatalogueProduct[], options: SyntheticHistoryOptions): SyntheticOrderLine[] {
  const random = seededRandom(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const known = new Set(catalogue.map((p) => p.id));
  const bundles = BUNDLES.map((b) => b.filter((id) => known.has(id))).filter((b) => b.length > 0);
  const species = [...new Set(catalogue.map((p) => p.species))];
  const bySpecies = new Map(species.map((s) => [s, catalogue.filter((p) => p.species === s).map((p) => p.id)]));
  const speciesOf = new Map(catalogue.map((p) => [p.id, p.species]));

  const customers = Array.from({ length: options.customers }, (_, i) => {
    const first = pick(species);
    const second = random() < 0.25 ? pick(species) : first;
    return { id: `customer-${String(i + 1).padStart(4, '0')}`, species: [first, second] };
  });

  const lines: SyntheticOrderLine[] = [];
  const spanMs = options.days * 86_400_000;
  for (let n = 0; n < options.orders; n++) {
    const customer = pick(customers);
    const preferred = pick(customer.species);
    let items: string[];
    const fitting = bundles.filter((b) => speciesOf.get(b[0]) === preferred);
    if (random() < 0.6 && fitting.length > 0) {
      const bundle = pick(fitting);
      items = bundle.filter((_, i) => i === 0 || random() < 0.7);
    } else {
      const pool = bySpecies.get(preferred) ?? [];
      const count = 1 + Math.floor(random() * 3);
      items = Array.from({ length: count }, () => pick(pool));
    }
    const orderId = `seed-order-${String(n + 1).padStart(5, '0')}`;
    const orderedAt = new Date(options.until.getTime() - Math.floor(random() * spanMs));
    for (const productId of new Set(items)) {
      lines.push({ orderId, customerId: customer.id, productId, quantity: random() < 0.85 ? 1 : 2, orderedAt });
    }
  }
  return lines;
}
