import type { CatalogueProduct, Recommendation, RecommendationStrategy } from '@shop/contracts';

import { arrayOf, bool, int, namedObject, num, objectSchema, oneOf, str } from '../../docs/schema';
import type { PetPage } from '../pets.service';
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
  example: { id: 'DOG-BED-L', name: 'Dog bed, large', species: 'dog', category: 'beds', priceCents: 4999 },
});

export const PET_PAGE_SCHEMA = namedObject<PetPage>('PetPage', {
  description: 'A product page: the product and, when the advisor answers in time, recommendations',
  properties: {
    product: PRODUCT,
    source: oneOf(['cache', 'inventory'], 'Where the product came from: the Redis product cache or inventory'),
    ...recommendationProperties,
  },
  optional: ['strategy', 'degradedReason'],
  example: {
    product: { id: 'DOG-BED-L', name: 'Dog bed, large', species: 'dog', category: 'beds', priceCents: 4999 },
    source: 'cache',
    ...recommendationsExample,
  },
});
