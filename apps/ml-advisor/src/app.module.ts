import { Module } from '@nestjs/common';
import { RESILIENCE_DEPENDENCIES } from '@shop/contracts';
import {
  Outbox1732600000001,
  OutboxModule,
  ProcessedMessages1732500000000,
  ProcessedMessagesByTime1732500000001,
} from '@shop/messaging';
import { PlatformModule, systemStatusController } from '@shop/platform';
import { ResilienceModule } from '@shop/resilience/nest';

import { CatalogueModule } from './catalogue/catalogue.module';
import { AdvisorEnv } from './common/advisor-env';
import { FaultsModule } from './faults/faults.module';
import { CatalogueAndOrderHistory1764000000000 } from './migrations/1764000000000-catalogue-and-order-history';
import { ShopCatalogueAndRealHistory1764000000002 } from './migrations/1764000000002-shop-catalogue-and-real-history';
import { OrderEventsModule } from './order-events/order-events.module';
import { RecommenderModule } from './recommender/recommender.module';

@Module({
  imports: [
    PlatformModule.forRoot({
      service: 'ml-advisor',
      env: AdvisorEnv,
      database: {
        entities: [],
        // 1764000000001 (a generated order history) is gone: 1764000000002 deletes what it wrote
        // where it ran, and new databases never need it.
        migrations: [
          ProcessedMessages1732500000000,
          ProcessedMessagesByTime1732500000001,
          Outbox1732600000001,
          CatalogueAndOrderHistory1764000000000,
          ShopCatalogueAndRealHistory1764000000002,
        ],
      },
    }),
    ResilienceModule.forRoot({ service: 'ml-advisor', dependencies: RESILIENCE_DEPENDENCIES['ml-advisor'] }),
    // Dead letters of order events that cannot be stored are published through its relay.
    OutboxModule,
    CatalogueModule,
    FaultsModule,
    OrderEventsModule,
    RecommenderModule,
  ],
  controllers: [systemStatusController('ml-advisor')],
})
export class AppModule {}
