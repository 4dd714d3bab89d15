import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ApiResult, OrderView, PlaceOrderReply, PlaceOrderRequest, SAGA_REQUESTS } from '@shop/contracts';
import { asResult } from '@shop/platform';

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
