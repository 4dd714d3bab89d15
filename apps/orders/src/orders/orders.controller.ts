import { Controller, Logger } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ApiResult, OrderView, PlaceOrderReply, PlaceOrderRequest, SAGA_REQUESTS } from '@shop/contracts';

import { OrderDomainError } from './orders.errors';
import { OrdersService } from './orders.service';

/** Request-reply handlers for the gateway: errors travel as values (`{ ok: false, error }`). */
@Controller()
export class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  @MessagePattern(SAGA_REQUESTS.placeOrder)
  placeOrder(@Payload() request: PlaceOrderRequest): Promise<ApiResult<PlaceOrderReply>> {
    return asResult(() => this.orders.placeOrder(request));
  }

  @MessagePattern(SAGA_REQUESTS.getOrder)
  getOrder(@Payload() request: { orderId: string }): Promise<ApiResult<OrderView>> {
    return asResult(() => this.orders.getOrder(String(request?.orderId)));
  }
}

const logger = new Logger('OrdersRpc');

/** Runs `work`, turning domain errors into error values and anything else into INTERNAL. */
export async function asResult<T>(work: () => Promise<T>): Promise<ApiResult<T>> {
  try {
    return { ok: true, data: await work() };
  } catch (error) {
    if (error instanceof OrderDomainError) return { ok: false, error: error.toApiError() };
    logger.error({ msg: 'request failed', error: (error as Error).message });
    return { ok: false, error: { code: 'INTERNAL', message: 'internal error' } };
  }
}
