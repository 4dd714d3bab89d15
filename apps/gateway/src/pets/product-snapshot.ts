import type { CatalogueProduct } from '@shop/contracts';

/**
 * What the gateway keeps of one product read from inventory: in the short-lived product cache,
 * and as the last-known copy that answers while inventory cannot.
 */
export interface ProductSnapshot {
  product: CatalogueProduct;
  /** Units inventory said could be ordered. */
  available: number;
  /** When inventory's answer arrived, by the gateway's clock (so an age never mixes two clocks). */
  asOf: string;
}

/** A product page's stock line. */
export interface Availability {
  inStock: boolean;
  /** Units that could be ordered at `asOf`. */
  quantity: number;
  /**
   * True when inventory could not be asked (slow, down, its breaker open) and this is the
   * last-known copy, however old; false for inventory's answer or a cached one (at most the
   * cache's TTL old).
   */
  estimated: boolean;
  asOf: string;
  /** How old the figure was when the page was answered. */
  ageMs: number;
  /** Only when estimated: why inventory's own answer is missing. */
  reason?: string;
}

/** Where a page's product came from: the product cache, inventory, or the last-known copy. */
export type ProductSource = 'cache' | 'inventory' | 'last-known';

export interface ProductRead {
  product: CatalogueProduct;
  availability: Availability;
  source: ProductSource;
}

/** The page's view of `snapshot` at `now`; `estimateReason` marks it estimated. */
export function productRead(
  snapshot: ProductSnapshot,
  source: ProductSource,
  now: number,
  estimateReason?: string,
): ProductRead {
  return {
    product: snapshot.product,
    availability: {
      inStock: snapshot.available > 0,
      quantity: snapshot.available,
      estimated: source === 'last-known',
      asOf: snapshot.asOf,
      // A copy written by another replica whose clock runs ahead must not read as from the future.
      ageMs: Math.max(0, now - Date.parse(snapshot.asOf)),
      ...(source === 'last-known' && estimateReason ? { reason: estimateReason } : {}),
    },
    source,
  };
}

const isText = (value: unknown): value is string => typeof value === 'string' && value.length > 0;
const isCount = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0;

/**
 * A snapshot read back from Redis, or undefined when the value is not one (another version's
 * shape, a hand edit): a bad copy is no copy, never a 500 and never a page with holes in it.
 */
export function parseSnapshot(raw: string | null): ProductSnapshot | undefined {
  if (!raw) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  const { product, available, asOf } = (value ?? {}) as Partial<Record<keyof ProductSnapshot, unknown>>;
  const p = (product ?? {}) as Partial<Record<keyof CatalogueProduct, unknown>>;
  if (
    !isText(p.id) ||
    !isText(p.name) ||
    !isText(p.species) ||
    !isText(p.category) ||
    !isCount(p.priceCents) ||
    !isCount(available) ||
    !isText(asOf) ||
    Number.isNaN(Date.parse(asOf))
  )
    return undefined;
  // Rebuilt field by field: nothing but the snapshot's own fields reaches a page.
  return {
    product: { id: p.id, name: p.name, species: p.species, category: p.category, priceCents: p.priceCents },
    available,
    asOf,
  };
}
