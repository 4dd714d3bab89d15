import { Module } from '@nestjs/common';
import { serviceStoreModule } from '@shop/write-behind';

import { DELIVERY_LOG_STORE } from './delivery-log.constants';
import { DeliveryLogController } from './delivery-log.controller';
import { DeliveryLogService } from './delivery-log.service';
import { deliveryLogTable } from './delivery-log.table';

/**
 * The delivery log of notifications: `DeliveryLogService.recordAttempt()` for the sender,
 * `GET /delivery-log` for operators and tests. Written behind through Redis into the
 * notifications database (table `delivery_log`, migration `DeliveryLog1732700000100`).
 */
@Module({
  imports: [
    serviceStoreModule({
      name: DELIVERY_LOG_STORE,
      table: deliveryLogTable,
      mysqlConnectionLimit: 2,
      maxBacklog: 50_000,
    }),
  ],
  controllers: [DeliveryLogController],
  providers: [DeliveryLogService],
  exports: [DeliveryLogService],
})
export class DeliveryLogModule {}
