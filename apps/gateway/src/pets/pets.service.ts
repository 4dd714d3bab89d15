import { Injectable } from '@nestjs/common';

import { ProductCatalogue } from './product-catalogue';
import type { ProductRead } from './product-snapshot';
import { Recommendations, RecommendationsClient } from './recommendations.client';

export interface PetPage extends Recommendations, ProductRead {}

const RECOMMENDATIONS_PER_PAGE = 4;

/**
 * A product page: the product with its availability (see ProductCatalogue: cache, else inventory,
 * else the last-known copy marked estimated) and recommendations, fetched in parallel. The
 * product is required — no product, no page — while recommendations are optional and come back
 * empty and `degraded` when the advisor is slow or down, within its timeout. The two depend on
 * different processes, so either can fail without the other.
 */
@Injectable()
export class PetsService {
  constructor(
    private readonly catalogue: ProductCatalogue,
    private readonly advisor: RecommendationsClient,
  ) {}

  async page(id: string, customerId: string | undefined): Promise<PetPage> {
    const [found, recommendations] = await Promise.all([
      this.catalogue.read(id),
      this.advisor.recommend({ productId: id, customerId, limit: RECOMMENDATIONS_PER_PAGE }),
    ]);
    return { product: found.product, availability: found.availability, source: found.source, ...recommendations };
  }
}
