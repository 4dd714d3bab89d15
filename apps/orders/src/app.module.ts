import { Module } from '@nestjs/common';
import { messagingServiceModule } from '@shop/messaging';

import { DeadLettersModule } from './dead-letters/dead-letters.module';
import { OrderSaga1732600000000 } from './migrations/1732600000000-order-saga';
import { SagasByUpdate1732600000002 } from './migrations/1732600000002-sagas-by-update';
import { OrdersByCreation1732600000003 } from './migrations/1732600000003-orders-by-creation';
import { OrdersModule } from './orders/orders.module';
import { OrdersEnv } from './orders-env';
import { ReportsModule } from './reports/reports.module';

@Module(
  messagingServiceModule({
    service: 'orders',
    env: OrdersEnv,
    migrations: [OrderSaga1732600000000, SagasByUpdate1732600000002, OrdersByCreation1732600000003],
    features: [OrdersModule, DeadLettersModule, ReportsModule],
  }),
)
export class AppModule {}
