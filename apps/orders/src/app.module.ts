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

import { DeadLettersModule } from './dead-letters/dead-letters.module';
import { OrderSaga1732600000000 } from './migrations/1732600000000-order-saga';
import { SagasByUpdate1732600000002 } from './migrations/1732600000002-sagas-by-update';
import { OrdersByCreation1732600000003 } from './migrations/1732600000003-orders-by-creation';
import { OrdersModule } from './orders/orders.module';
import { OrdersEnv } from './orders-env';
import { ReportsModule } from './reports/reports.module';

@Module({
  imports: [
    PlatformModule.forRoot({
      service: 'orders',
      env: OrdersEnv,
      database: {
        entities: [],
        migrations: [
          ProcessedMessages1732500000000,
          ProcessedMessagesByTime1732500000001,
          OrderSaga1732600000000,
          Outbox1732600000001,
          SagasByUpdate1732600000002,
          OrdersByCreation1732600000003,
        ],
      },
    }),
    ResilienceModule.forRoot({ service: 'orders', dependencies: RESILIENCE_DEPENDENCIES.orders }),
    OutboxModule,
    OrdersModule,
    DeadLettersModule,
    ReportsModule,
  ],
  controllers: [systemStatusController('orders')],
})
export class AppModule {}
