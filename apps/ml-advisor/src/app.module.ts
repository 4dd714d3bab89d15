import { Module } from '@nestjs/common';
import { messagingServiceModule } from '@shop/messaging';

import { CatalogueModule } from './catalogue/catalogue.module';
import { AdvisorEnv } from './common/advisor-env';
import { FaultsModule } from './faults/faults.module';
import { CatalogueAndOrderHistory1764000000000 } from './migrations/1764000000000-catalogue-and-order-history';
import { ShopCatalogueAndRealHistory1764000000002 } from './migrations/1764000000002-shop-catalogue-and-real-history';
import { OrderEventsModule } from './order-events/order-events.module';
import { RecommenderModule } from './recommender/recommender.module';

@Module(
  messagingServiceModule({
    service: 'ml-advisor',
    env: AdvisorEnv,
    // 1764000000001 (a generated order history) is gone: 1764000000002 deletes what it wrote
    // where it ran, and new databases never need it.
    migrations: [CatalogueAndOrderHistory1764000000000, ShopCatalogueAndRealHistory1764000000002],
    features: [CatalogueModule, FaultsModule, OrderEventsModule, RecommenderModule],
  }),
)
export class AppModule {}
