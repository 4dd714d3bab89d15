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
import { ApiAcceptedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { FIELD_LIMITS, OrderView } from '@shop/contracts';
import type { Request } from 'express';

import { ApiErrors, BACKEND_ERRORS, BODY_ERRORS } from '../docs/api-errors';
import { ORDER_ACCEPTED_SCHEMA, ORDER_VIEW_SCHEMA, OrderAccepted } from './dto/order.schemas';
import { PlaceOrderDto } from './dto/place-order.dto';
import { ORDER_TOKEN_HEADER, OrderAccess } from './order-access';
import { OrdersService } from './orders.service';

@ApiTags('orders')
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
  @ApiOperation({ summary: 'Place an order: accepted at once, its saga (stock, shipping, payment, notice) runs on' })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: true,
    description:
      'The client’s key for this order: a retry with the same key and body answers the same order; the same key with another body is a 409',
    schema: { type: 'string', minLength: 1, maxLength: FIELD_LIMITS.idempotencyKey, pattern: '^[\\x21-\\x7e]+$' },
    example: '2f7c1e9a-order-attempt-1',
  })
  @ApiAcceptedResponse({ description: 'Accepted; poll `statusUrl` for the outcome', schema: ORDER_ACCEPTED_SCHEMA })
  @ApiErrors({
    ...BODY_ERRORS,
    400: `${BODY_ERRORS[400]}; or the Idempotency-Key header is missing or malformed (field \`Idempotency-Key\`)`,
    409: 'IDEMPOTENCY_CONFLICT: the Idempotency-Key was used with another body',
    422: 'UNKNOWN_SKU: an item names no product (`field` names the item)',
    ...BACKEND_ERRORS,
  })
  async place(
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Body() body: PlaceOrderDto,
  ): Promise<OrderAccepted> {
    const { orderId } = await this.orders.placeOrder(idempotencyKey, body);
    return { orderId, statusUrl: `/api/orders/${orderId}`, accessToken: this.access.tokenFor(orderId) };
  }

  /**
   * The order, its status and its saga with every step and compensation — only with the order's
   * `x-order-token` (from `POST /api/orders`) or the admin key; otherwise 404, as for an order
   * that does not exist, so ids cannot be probed.
   */
  @Get(':id')
  @ApiOperation({ summary: 'The order, its status and its saga (with its x-order-token or the admin key)' })
  @ApiParam({ name: 'id', schema: { type: 'string', format: 'uuid' }, description: 'The order id' })
  @ApiHeader({
    name: ORDER_TOKEN_HEADER,
    required: false,
    description: '`accessToken` from POST /api/orders (or send the admin key instead)',
    schema: { type: 'string', maxLength: 64 },
  })
  @ApiOkResponse({ description: 'The order', schema: ORDER_VIEW_SCHEMA })
  @ApiErrors({
    400: 'id is not a UUID',
    404: 'No such order, or no valid x-order-token / x-admin-key (the same answer, so ids cannot be probed)',
    ...BACKEND_ERRORS,
  })
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
