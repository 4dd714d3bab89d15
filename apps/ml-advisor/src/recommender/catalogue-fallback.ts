import type { ScoredProduct } from './co-occurrence';

/** What the fallback needs to know of a catalogue product. */
export interface ShelfProduct {
  id: string;
  species: string;
}

/**
 * Catalogue suggestions carry no evidence from orders (a score of 0, nothing bought together);
 * `forSpecies` is the viewed product's species when the suggestion shares it.
 */
export type CatalogueSuggestion = Omit<ScoredProduct, 'basis'> & { basis: 'catalogue'; forSpecies?: string };

/**
 * The last resort of a short list (a cold start: no orders yet, so no neighbours and no
 * popularity either). Tops `picked` up to `limit` with catalogue products — those for the same
 * species as the product being viewed first, then the others, each in catalogue (SKU) order —
 * leaving out the product itself, what the customer bought and what is already picked. A
 * product page thus never shows an empty "you may also like", and a cat tree suggests cat things
 * before dog food.
 */
export function topUpFromCatalogue(
  picked: readonly ScoredProduct[],
  catalogue: readonly ShelfProduct[],
  context: { productId?: string; exclude?: readonly string[] },
  limit: number,
): (ScoredProduct | CatalogueSuggestion)[] {
  if (picked.length >= limit) return picked.slice(0, limit);
  const taken = new Set([
    ...(context.exclude ?? []),
    ...(context.productId ? [context.productId] : []),
    ...picked.map((p) => p.productId),
  ]);
  const species = catalogue.find((p) => p.id === context.productId)?.species;
  const byId = [...catalogue].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const shelf = [...byId.filter((p) => p.species === species), ...byId.filter((p) => p.species !== species)];
  const extra = shelf
    .filter((p) => !taken.has(p.id))
    .slice(0, limit - picked.length)
    .map((p): CatalogueSuggestion => ({
      productId: p.id,
      score: 0,
      together: 0,
      basis: 'catalogue',
      ...(p.species === species ? { forSpecies: species } : {}),
    }));
  return [...picked, ...extra];
}
