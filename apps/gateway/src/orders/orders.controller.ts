import {
  BadRequestException,
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
} from '@nestjs/common';
import { OrderView } from '@shop/contracts';

import { PlaceOrderDto } from './dto/place-order.dto';
import { OrdersService } from './orders.service';

@Controller('api/orders')
export class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  /** Accepts the order; the saga runs asynchronously. Poll `statusUrl` for its outcome. */
  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  async place(
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Body() body: PlaceOrderDto,
  ): Promise<{ orderId: string; statusUrl: string }> {
    const { orderId } = await this.orders.placeOrder(idempotencyKey, body);
    return { orderId, statusUrl: `/api/orders/${orderId}` };
  }

  /** The order, its status and its saga with every step and compensation. */
  @Get(':id')
  get(@Param('id', new ParseUUIDPipe({ exceptionFactory: () => invalidId() })) id: string): Promise<OrderView> {
    return this.orders.getOrder(id);
  }
}

/** A malformed id is a 400 that names the field (an unknown one is a 404 from orders). */
export function invalidId(): BadRequestException {
  return new BadRequestException({ error: 'VALIDATION', field: 'id', message: ['id must be a UUID'] });
}
