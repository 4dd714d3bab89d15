import { Module } from '@nestjs/common';

import { InventoryCatalogueClient } from './inventory-catalogue.client';
import { PetsController } from './pets.controller';
import { PetsService } from './pets.service';
import { ProductCache } from './product-cache';
import { RecommendationsClient } from './recommendations.client';
import { RecommendationsController } from './recommendations.controller';

/** Product pages and recommendations. */
@Module({
  controllers: [PetsController, RecommendationsController],
  providers: [PetsService, ProductCache, InventoryCatalogueClient, RecommendationsClient],
})
export class PetsModule {}
