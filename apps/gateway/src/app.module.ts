import { Module } from '@nestjs/common';
import { GatewayEnv, PlatformModule } from '@shop/platform';

import { ActivityLogModule } from './activity-log/activity-log.module';
import { AdminModule } from './admin/admin.module';
import { DeadLettersModule } from './admin/dead-letters.module';
import { GatewayCommonModule } from './common/gateway-common.module';
import { CompartmentsModule } from './compartments/compartments.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { KafkaGatewayModule } from './kafka/kafka-gateway.module';
import { ActivityLogs1732700000000 } from './migrations/1732700000000-activity-logs';
import { OrdersModule } from './orders/orders.module';
import { PetsModule } from './pets/pets.module';
import { ReportsModule } from './reports/reports.module';
import { SagasModule } from './sagas/sagas.module';
import { SystemModule } from './system/system.module';

@Module({
  imports: [
    PlatformModule.forRoot({
      service: 'gateway',
      env: GatewayEnv,
      redis: true,
      database: { entities: [], migrations: [ActivityLogs1732700000000], poolSize: 2 },
    }),
    KafkaGatewayModule,
    SystemModule,
    OrdersModule,
    SagasModule,
    DeadLettersModule,
    GatewayCommonModule,
    CompartmentsModule,
    AdminModule,
    PetsModule,
    ReportsModule,
    ActivityLogModule,
    DashboardModule,
  ],
})
export class AppModule {}
