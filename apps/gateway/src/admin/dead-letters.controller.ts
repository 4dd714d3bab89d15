import { Controller, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { DeadLetterView, SAGA_REQUESTS } from '@shop/contracts';

import { AdminOnly } from '../common/admin-only.decorator';
import { OrdersService } from '../orders/orders.service';

/** Messages that failed after their retries, and their replay. Admin key required. */
@Controller('api/admin/dead-letters')
@AdminOnly()
export class DeadLettersController {
  constructor(private readonly orders: OrdersService) {}

  @Get()
  list(): Promise<DeadLetterView[]> {
    return this.orders.ask<DeadLetterView[]>('orders', SAGA_REQUESTS.listDeadLetters, {});
  }

  /** Republishes the message unchanged to its topic; the receiver's inbox still prevents a double effect. */
  @Post(':id/replay')
  @HttpCode(HttpStatus.ACCEPTED)
  replay(@Param('id') id: string): Promise<DeadLetterView> {
    return this.orders.ask<DeadLetterView>('orders', SAGA_REQUESTS.replayDeadLetter, { id });
  }
}
