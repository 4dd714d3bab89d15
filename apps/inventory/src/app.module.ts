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

import { InventoryEnv } from './inventory-env';
import { Catalogue1732600000100 } from './migrations/1732600000100-catalogue';
import { StockModule } from './stock/stock.module';

@Module({
  imports: [
    PlatformModule.forRoot({
      service: 'inventory',
      env: InventoryEnv,
      database: {
        entities: [],
        migrations: [
          ProcessedMessages1732500000000,
          ProcessedMessagesByTime1732500000001,
          Outbox1732600000001,
          Catalogue1732600000100,
        ],
      },
    }),
    ResilienceModule.forRoot({ service: 'inventory', dependencies: RESILIENCE_DEPENDENCIES.inventory }),
    OutboxModule,
    StockModule,
  ],
  controllers: [systemStatusController('inventory')],
})
export class AppModule {}
