import { HttpException, Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import type { CatalogueProduct } from '@shop/contracts';
import { isBrokenCircuitError } from '@shop/resilience';

import { InventoryCatalogueClient } from './inventory-catalogue.client';
import { ProductCache } from './product-cache';
import { Recommendations, RecommendationsClient } from './recommendations.client';

export interface PetPage extends Recommendations {
  product: CatalogueProduct;
  /** Where the product came from: the Redis product cache or inventory. */
  source: 'cache' | 'inventory';
}

const RECOMMENDATIONS_PER_PAGE = 4;

/**
 * A product page: the product (cache, else inventory, then cached) and recommendations, fetched
 * in parallel. The product is required — no product, no page — while recommendations are
 * optional and come back empty and `degraded` when the advisor is slow or down, within its
 * timeout.
 */
@Injectable()
export class PetsService {
  private readonly logger = new Logger(PetsService.name);

  constructor(
    private readonly cache: ProductCache,
    private readonly catalogue: InventoryCatalogueClient,
    private readonly advisor: RecommendationsClient,
  ) {}

  async page(id: string, customerId: string | undefined): Promise<PetPage> {
    const [found, recommendations] = await Promise.all([
      this.product(id),
      this.advisor.recommend({ productId: id, customerId, limit: RECOMMENDATIONS_PER_PAGE }),
    ]);
    return { product: found.product, source: found.source, ...recommendations };
  }

  private async product(id: string): Promise<{ product: CatalogueProduct; source: 'cache' | 'inventory' }> {
    const cached = await this.cache.get(id).catch((error: Error) => {
      this.logger.warn({ msg: 'product cache unavailable, asking inventory', error: error.message });
      return undefined;
    });
    if (cached) return { product: cached, source: 'cache' };
    let product: CatalogueProduct;
    try {
      product = (await this.catalogue.product(id)).product;
    } catch (error) {
      if (error instanceof HttpException || isBrokenCircuitError(error)) throw error;
      throw new ServiceUnavailableException(`the catalogue is unavailable: ${(error as Error).message}`);
    }
    void this.cache
      .put(product)
      .catch((error: Error) => this.logger.debug({ msg: 'could not cache product', error: error.message }));
    return { product, source: 'inventory' };
  }
}
