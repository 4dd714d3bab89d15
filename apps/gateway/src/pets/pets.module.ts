import { Module } from '@nestjs/common';

import { InventoryCatalogueClient } from './inventory-catalogue.client';
import { PetsController } from './pets.controller';
import { PetsService } from './pets.service';
import { ProductCache } from './product-cache';
import { ProductCatalogue } from './product-catalogue';
import { RecommendationsClient } from './recommendations.client';
import { RecommendationsController } from './recommendations.controller';

/** Product pages (the product from inventory, its availability, recommendations) and recommendations alone. */
@Module({
  controllers: [PetsController, RecommendationsController],
  providers: [PetsService, ProductCatalogue, ProductCache, InventoryCatalogueClient, RecommendationsClient],
})
export class PetsModule {}
