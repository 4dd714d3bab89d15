/**
 * Item-to-item collaborative filtering from order baskets ("customers who bought X also bought
 * Y"). Pure functions of plain data, so they run unchanged in a worker thread and in unit tests.
 *
 * Similarity of two products is the cosine of their basket-incidence vectors:
 *   sim(i, j) = together(i, j) / sqrt(orders(i) · orders(j))
 * which, unlike raw co-occurrence counts, does not make every product look similar to the
 * best sellers. Pairs seen together fewer than `minSupport` times are dropped as noise.
 */

/** One order: who bought, and which products (repeats and quantities do not matter here). */
export interface Basket {
  customerId: string;
  productIds: readonly string[];
}

export interface Neighbour {
  productId: string;
  /** Cosine similarity in (0, 1]. */
  score: number;
  /** Orders containing both products. */
  together: number;
}

export interface PopularProduct {
  productId: string;
  /** Orders containing the product. */
  orders: number;
}

/** A trained model: plain JSON, small (products × maxNeighbours), cheap to copy to a worker. */
export interface CoOccurrenceModel {
  version: number;
  trainedAt: string;
  baskets: number;
  /** For each product, its most similar products, best first. */
  neighbours: Record<string, Neighbour[]>;
  /** Every product seen, most ordered first (ties by id, so answers are deterministic). */
  popularity: PopularProduct[];
}

export interface TrainOptions {
  version?: number;
  /** Neighbours kept per product; default 10. */
  maxNeighbours?: number;
  /** Minimum orders in common for a pair to count; default 2. */
  minSupport?: number;
  now?: Date;
}

export interface ScoredProduct {
  productId: string;
  score: number;
  /** Orders in common with the product(s) the suggestion is based on; 0 for popularity. */
  together: number;
  basis: 'also-bought' | 'personal' | 'popularity';
}

const byScoreThenId = (a: { score: number; productId: string }, b: { score: number; productId: string }) =>
  b.score - a.score || (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0);

/** Learn neighbours and popularity from baskets. */
export function trainCoOccurrence(baskets: readonly Basket[], options: TrainOptions = {}): CoOccurrenceModel {
  const maxNeighbours = options.maxNeighbours ?? 10;
  const minSupport = options.minSupport ?? 2;
  const orders = new Map<string, number>();
  const together = new Map<string, Map<string, number>>();
  let counted = 0;

  for (const basket of baskets) {
    const items = [...new Set(basket.productIds)].sort();
    if (items.length === 0) continue;
    counted++;
    for (const item of items) orders.set(item, (orders.get(item) ?? 0) + 1);
    for (let a = 0; a < items.length; a++) {
      for (let b = a + 1; b < items.length; b++) {
        increment(together, items[a], items[b]);
        increment(together, items[b], items[a]);
      }
    }
  }

  // Built with fromEntries, which defines own properties: a product id such as `__proto__` is a
  // key like any other, never the object's prototype.
  const entries: [string, Neighbour[]][] = [];
  for (const [item, partners] of together) {
    const list: Neighbour[] = [];
    for (const [other, count] of partners) {
      if (count < minSupport) continue;
      const score = count / Math.sqrt(orders.get(item)! * orders.get(other)!);
      list.push({ productId: other, score: round(score), together: count });
    }
    list.sort(byScoreThenId);
    if (list.length > 0) entries.push([item, list.slice(0, maxNeighbours)]);
  }
  const neighbours: Record<string, Neighbour[]> = Object.fromEntries(entries);

  const popularity = [...orders]
    .map(([productId, count]) => ({ productId, orders: count }))
    .sort((a, b) => b.orders - a.orders || (a.productId < b.productId ? -1 : 1));

  return {
    version: options.version ?? 1,
    trainedAt: (options.now ?? new Date()).toISOString(),
    baskets: counted,
    neighbours,
    popularity,
  };
}

/**
 * The neighbours of a product. Ids come from callers, so an id such as `constructor` or
 * `__proto__` must not find an `Object.prototype` member of the plain `neighbours` object
 * (which then crashed as a 500 and opened the gateway's breaker for every customer).
 */
export function neighboursOf(model: CoOccurrenceModel, productId: string): readonly Neighbour[] {
  return Object.hasOwn(model.neighbours, productId) ? model.neighbours[productId] : [];
}

/** Products bought with `productId`, best first, topped up with popular products (cold start). */
export function alsoBought(model: CoOccurrenceModel, productId: string, limit: number): ScoredProduct[] {
  const picked: ScoredProduct[] = neighboursOf(model, productId)
    .slice(0, limit)
    .map((n) => ({ productId: n.productId, score: n.score, together: n.together, basis: 'also-bought' as const }));
  return fillWithPopular(model, picked, new Set([productId]), limit);
}

/**
 * Suggestions for a customer from what they bought: each neighbour of each purchased product
 * votes with its similarity (a product similar to several purchases ranks higher); products
 * already bought are left out. Scores are normalised to [0, 1]. No history → popularity.
 */
export function forCustomer(
  model: CoOccurrenceModel,
  purchased: readonly string[],
  limit: number,
  context?: string,
): ScoredProduct[] {
  const owned = new Set(purchased);
  if (context) owned.add(context);
  const votes = new Map<string, { score: number; together: number }>();
  // The product being viewed (if any) counts as a purchase: it is what the customer wants now.
  for (const item of owned) {
    for (const n of neighboursOf(model, item)) {
      if (owned.has(n.productId)) continue;
      const v = votes.get(n.productId) ?? { score: 0, together: 0 };
      v.score += n.score;
      v.together += n.together;
      votes.set(n.productId, v);
    }
  }
  const best = Math.max(0, ...[...votes.values()].map((v) => v.score));
  const picked = [...votes]
    .map(([productId, v]) => ({
      productId,
      score: best > 0 ? round(v.score / best) : 0,
      together: v.together,
      basis: 'personal' as const,
    }))
    .sort(byScoreThenId)
    .slice(0, limit);
  return fillWithPopular(model, picked, owned, limit);
}

/** Most ordered products not in `exclude`, scored relative to the best seller. */
export function popular(model: CoOccurrenceModel, exclude: ReadonlySet<string>, limit: number): ScoredProduct[] {
  const top = model.popularity[0]?.orders ?? 0;
  return model.popularity
    .filter((p) => !exclude.has(p.productId))
    .slice(0, limit)
    .map((p) => ({
      productId: p.productId,
      score: top > 0 ? round(p.orders / top) : 0,
      together: 0,
      basis: 'popularity' as const,
    }));
}

function fillWithPopular(
  model: CoOccurrenceModel,
  picked: ScoredProduct[],
  exclude: ReadonlySet<string>,
  limit: number,
): ScoredProduct[] {
  if (picked.length >= limit) return picked.slice(0, limit);
  const taken = new Set([...exclude, ...picked.map((p) => p.productId)]);
  return [...picked, ...popular(model, taken, limit - picked.length)];
}

function increment(map: Map<string, Map<string, number>>, a: string, b: string): void {
  let row = map.get(a);
  if (!row) map.set(a, (row = new Map<string, number>()));
  row.set(b, (row.get(b) ?? 0) + 1);
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;
