import { Injectable } from '@nestjs/common';
import { CatalogueProductReply } from '@shop/contracts';
import { DomainError } from '@shop/platform';

import { ProductRow, ProductsRepository } from '../stock/products.repository';

/** A product row as product pages show it: the price in cents, the units that can be ordered now. */
export function toCatalogueReply(row: ProductRow): CatalogueProductReply {
  return {
    product: {
      id: row.sku,
      name: row.name,
      species: row.species,
      category: row.category,
      // DECIMAL(12,2) euros arrive as a string; rounding undoes the binary fraction of ×100.
      priceCents: Math.round(Number(row.price) * 100),
    },
    available: Number(row.available),
  };
}

/**
 * Product reads for the shop's pages, from the products inventory seeded and keeps the stock of:
 * the catalogue's owner answers them, so a dead ML advisor no longer takes product pages down.
 */
@Injectable()
export class CatalogueService {
  constructor(private readonly products: ProductsRepository) {}

  async product(sku: string): Promise<CatalogueProductReply> {
    const [row] = await this.products.bySkus([sku]);
    // No `field`: the id is well formed (the contract checked it), there is just no such product.
    if (!row) throw new DomainError('NOT_FOUND', `no product ${sku}`);
    return toCatalogueReply(row);
  }
}
