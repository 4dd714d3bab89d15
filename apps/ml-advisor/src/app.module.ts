import { Module } from '@nestjs/common';
import { PlatformModule, ProcessedMessages1732500000000, systemStatusController } from '@shop/platform';
import { ResilienceModule } from '@shop/resilience';
import { CatalogueModule } from './catalogue/catalogue.module';
import { AdvisorEnv } from './common/advisor-env';
import { CatalogueAndOrderHistory1764000000000 } from './database/migrations/1764000000000-catalogue-and-order-history';
import { SeedCatalogueAndSyntheticHistory1764000000001 } from './database/migrations/1764000000001-seed-catalogue-and-synthetic-history';
import { FaultsModule } from './faults/faults.module';
import { RecommenderModule } from './recommender/recommender.module';
import { RECOMMENDER_RESILIENCE } from './recommender/recommender.resilience';

@Module({
  imports: [
    PlatformModule.forRoot({
      service: 'ml-advisor',
      env: AdvisorEnv,
      database: {
        entities: [],
        migrations: [ProcessedMessages1732500000000, CatalogueAndOrderHistory1764000000000, SeedCatalogueAndSyntheticHistory1764000000001],
      },
    }),
    ResilienceModule.forRoot({ config: RECOMMENDER_RESILIENCE }),
    CatalogueModule,
    FaultsModule,
    RecommenderModule,
  ],
  controllers: [systemStatusController('ml-advisor')],
})
export class AppModule {}
