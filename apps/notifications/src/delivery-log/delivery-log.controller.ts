import { Controller, Get, Query, ValidationPipe } from '@nestjs/common';

import { DeliveryLogEntry, DeliveryLogService } from './delivery-log.service';
import { ListDeliveryLogQuery } from './dto/list-delivery-log.query';

/** Internal (operators and tests): the delivery attempts of an order or a notification. */
@Controller('delivery-log')
export class DeliveryLogController {
  constructor(private readonly log: DeliveryLogService) {}

  @Get()
  list(
    @Query(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }))
    query: ListDeliveryLogQuery,
  ): Promise<{ items: DeliveryLogEntry[]; nextCursor: string | null }> {
    return this.log.list(query);
  }
}
