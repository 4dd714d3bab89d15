import type { CatalogueProduct, Recommendation, RecommendationStrategy } from '@shop/contracts';

import { arrayOf, bool, dateTime, int, namedObject, num, objectSchema, oneOf, str } from '../../docs/schema';
import type { PetPage } from '../pets.service';
import type { Availability, ProductSource } from '../product-snapshot';
import type { Recommendations } from '../recommendations.client';

const STRATEGIES: readonly RecommendationStrategy[] = ['also-bought', 'personal', 'popularity', 'catalogue'];

const RECOMMENDATION = objectSchema<Recommendation>({
  properties: {
    productId: str('The suggested product'),
    name: str('Its name'),
    score: num('Relative strength, comparable within one answer only', { minimum: 0, maximum: 1 }),
    reason: str('Why it is suggested, for display'),
  },
  example: { productId: 'CAT-TOY-MOUSE', name: 'Cat toy mouse', score: 0.82, reason: 'bought together 42 times' },
});

const recommendationProperties = {
  recommendations: arrayOf(RECOMMENDATION, 'Best first; empty when degraded'),
  strategy: oneOf(STRATEGIES, 'How they were chosen (absent when degraded)'),
  degraded: bool(
    'True when the advisor did not answer in time (or its breaker is open) and the answer goes without it',
  ),
  degradedReason: str('Why degraded'),
};
const recommendationsExample: Recommendations = {
  recommendations: [
    { productId: 'CAT-TOY-MOUSE', name: 'Cat toy mouse', score: 0.82, reason: 'bought together 42 times' },
  ],
  strategy: 'also-bought',
  degraded: false,
};

export const RECOMMENDATIONS_SCHEMA = namedObject<Recommendations>('Recommendations', {
  description: 'Recommendations from the ML advisor, or none and `degraded` when it is slow or down',
  properties: recommendationProperties,
  optional: ['strategy', 'degradedReason'],
  example: recommendationsExample,
});

const PRODUCT = objectSchema<CatalogueProduct>({
  properties: {
    id: str('The product (its SKU)'),
    name: str('Its name'),
    species: str('For which pet'),
    category: str('Kind of product'),
    priceCents: int('Price, cents (EUR)', { minimum: 0 }),
  },
  example: { id: 'DOG-BED-L', name: 'Orthopaedic dog bed, large', species: 'dog', category: 'beds', priceCents: 8900 },
});

const SOURCES: readonly ProductSource[] = ['cache', 'inventory', 'last-known'];

const AVAILABILITY = namedObject<Availability>('Availability', {
  description:
    'Stock of the product. From inventory (or the product cache, at most 60 s old) `estimated` is false; while ' +
    'inventory is slow, down or its breaker is open it is the last copy inventory answered, `estimated: true`, ' +
    'with its age and the reason',
  properties: {
    inStock: bool('Whether at least one unit could be ordered at `asOf`'),
    quantity: int('Units that could be ordered at `asOf` (not reserved, not sold)', { minimum: 0 }),
    estimated: bool('True when inventory could not be asked and this is the last-known copy, however old'),
    asOf: dateTime('When inventory gave this figure (the gateway’s clock)'),
    ageMs: int('How old the figure was when the page was answered, ms', { minimum: 0 }),
    reason: str('Only when estimated: why inventory’s own answer is missing'),
  },
  optional: ['reason'],
  example: {
    inStock: true,
    quantity: 97,
    estimated: true,
    asOf: '2026-03-14T09:26:53.589Z',
    ageMs: 184000,
    reason: 'inventory did not answer within 1000 ms',
  },
});

export const PET_PAGE_SCHEMA = namedObject<PetPage>('PetPage', {
  description:
    'A product page: the product and its availability from inventory (or, while inventory cannot answer, the ' +
    'last-known copy, `availability.estimated: true`) and, when the advisor answers in time, recommendations',
  properties: {
    product: PRODUCT,
    availability: AVAILABILITY,
    source: oneOf(
      SOURCES,
      'Where the product came from: the Redis product cache, inventory, or the last-known copy (inventory unavailable)',
    ),
    ...recommendationProperties,
  },
  optional: ['strategy', 'degradedReason'],
  example: {
    product: {
      id: 'DOG-BED-L',
      name: 'Orthopaedic dog bed, large',
      species: 'dog',
      category: 'beds',
      priceCents: 8900,
    },
    availability: { inStock: true, quantity: 97, estimated: false, asOf: '2026-03-14T09:26:53.589Z', ageMs: 12400 },
    source: 'cache',
    ...recommendationsExample,
  },
});
