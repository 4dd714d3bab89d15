import { Module } from '@nestjs/common';

import { CatalogueModule } from '../catalogue/catalogue.module';
import { FaultsModule } from '../faults/faults.module';
import { OrderHistoryRepository } from './order-history.repository';
import { RecommenderController } from './recommender.controller';
import { RecommenderService } from './recommender.service';

@Module({
  imports: [CatalogueModule, FaultsModule],
  controllers: [RecommenderController],
  providers: [RecommenderService, OrderHistoryRepository],
})
export class RecommenderModule {}
