import { Module } from '@nestjs/common';
import { messagingServiceModule } from '@shop/messaging';

import { DeadLettersModule } from './dead-letters/dead-letters.module';
import { ORDERS_MIGRATIONS } from './migrations';
import { OrdersModule } from './orders/orders.module';
import { OrdersEnv } from './orders-env';
import { ReportsModule } from './reports/reports.module';

@Module(
  messagingServiceModule({
    service: 'orders',
    env: OrdersEnv,
    migrations: ORDERS_MIGRATIONS,
    features: [OrdersModule, DeadLettersModule, ReportsModule],
  }),
)
export class AppModule {}
