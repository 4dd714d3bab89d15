import { Module, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { MetricsService, ReadinessRegistry, storeConnections } from '@shop/platform';
import {
  InjectWriteBehindStore,
  WriteBehindHealthIndicator,
  WriteBehindModule,
  WriteBehindStore,
} from '@shop/write-behind';

import { DELIVERY_LOG_STORE } from './delivery-log.constants';
import { DeliveryLogController } from './delivery-log.controller';
import { DeliveryLogService } from './delivery-log.service';
import { DeliveryAttemptRecord, deliveryLogTable } from './delivery-log.table';

/**
 * The delivery log of notifications: `DeliveryLogService.recordAttempt()` for the sender,
 * `GET /delivery-log` for operators and tests. Written behind through Redis into the
 * notifications database (table `delivery_log`, migration `DeliveryLog1732700000100`).
 */
@Module({
  imports: [
    WriteBehindModule.registerAsync<DeliveryAttemptRecord>({
      name: DELIVERY_LOG_STORE,
      inject: [ConfigService, MetricsService],
      useFactory: (config: ConfigService, metrics: MetricsService) => ({
        table: deliveryLogTable,
        ...storeConnections(config, 2),
        registry: metrics.registry,
        maxBacklog: 50_000,
      }),
    }),
  ],
  controllers: [DeliveryLogController],
  providers: [DeliveryLogService],
  exports: [DeliveryLogService],
})
export class DeliveryLogModule implements OnModuleInit {
  constructor(
    private readonly readiness: ReadinessRegistry,
    private readonly health: WriteBehindHealthIndicator,
    @InjectWriteBehindStore(DELIVERY_LOG_STORE) private readonly store: WriteBehindStore<DeliveryAttemptRecord>,
  ) {}

  onModuleInit(): void {
    this.readiness.register(`write-behind-${DELIVERY_LOG_STORE}`, () => this.health.isHealthy(this.store));
  }
}
