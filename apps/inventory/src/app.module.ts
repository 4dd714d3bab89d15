import { Module } from '@nestjs/common';
import { RESILIENCE_DEPENDENCIES } from '@shop/contracts';
import { Outbox1732600000001, OutboxModule, OutboxTraceContext1765000000000 } from '@shop/messaging';
import {
  MysqlServiceEnv,
  PlatformModule,
  ProcessedMessages1732500000000,
  ProcessedMessagesByTime1732500000001,
  systemStatusController,
} from '@shop/platform';
import { ResilienceModule } from '@shop/resilience/nest';

import { Catalogue1732600000100 } from './migrations/1732600000100-catalogue';
import { StockModule } from './stock/stock.module';

@Module({
  imports: [
    PlatformModule.forRoot({
      service: 'inventory',
      env: MysqlServiceEnv,
      database: {
        entities: [],
        migrations: [
          ProcessedMessages1732500000000,
          ProcessedMessagesByTime1732500000001,
          Outbox1732600000001,
          OutboxTraceContext1765000000000,
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
