import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import type { CatalogueProduct } from '@shop/contracts';

import { CatalogueRepository } from './catalogue.repository';

@Controller('catalogue/products')
export class CatalogueController {
  constructor(private readonly catalogue: CatalogueRepository) {}

  @Get()
  list(): Promise<CatalogueProduct[]> {
    return this.catalogue.all();
  }

  @Get(':id')
  async product(@Param('id') id: string): Promise<CatalogueProduct> {
    const product = await this.catalogue.find(id);
    if (!product) throw new NotFoundException(`no product ${id}`);
    return product;
  }
}
