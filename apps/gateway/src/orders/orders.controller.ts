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
  Req,
} from '@nestjs/common';
import { ApiHeader, ApiNotFoundResponse } from '@nestjs/swagger';
import { OrderView } from '@shop/contracts';
import type { Request } from 'express';

import { PlaceOrderDto } from './dto/place-order.dto';
import { ORDER_TOKEN_HEADER, OrderAccess } from './order-access';
import { OrdersService } from './orders.service';

@Controller('api/orders')
export class OrdersController {
  constructor(
    private readonly orders: OrdersService,
    private readonly access: OrderAccess,
  ) {}

  /**
   * Accepts the order; the saga runs asynchronously. Poll `statusUrl` for its outcome, sending
   * `accessToken` in the `x-order-token` header: it is the only way (besides the admin key) to
   * read the order, so keep it as you would the order itself.
   */
  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  async place(
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Body() body: PlaceOrderDto,
  ): Promise<{ orderId: string; statusUrl: string; accessToken: string }> {
    const { orderId } = await this.orders.placeOrder(idempotencyKey, body);
    return { orderId, statusUrl: `/api/orders/${orderId}`, accessToken: this.access.tokenFor(orderId) };
  }

  /**
   * The order, its status and its saga with every step and compensation — only with the order's
   * `x-order-token` (from `POST /api/orders`) or the admin key; otherwise 404, as for an order
   * that does not exist, so ids cannot be probed.
   */
  @Get(':id')
  @ApiHeader({ name: ORDER_TOKEN_HEADER, required: false, description: '`accessToken` from POST /api/orders' })
  @ApiNotFoundResponse({ description: 'No such order, or no valid x-order-token / x-admin-key' })
  async get(
    @Param('id', new ParseUUIDPipe({ exceptionFactory: () => invalidId() })) id: string,
    @Req() req: Request,
  ): Promise<OrderView> {
    if (!this.access.mayRead(id, req)) throw OrderAccess.notFound(id);
    return this.orders.getOrder(id);
  }
}

/** A malformed id is a 400 that names the field (an unknown one is a 404 from orders). */
export function invalidId(): BadRequestException {
  return new BadRequestException({ error: 'VALIDATION', field: 'id', message: ['id must be a UUID'] });
}
