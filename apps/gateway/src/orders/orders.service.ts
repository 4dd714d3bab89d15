import { createHash } from 'node:crypto';

import { BadRequestException, Injectable } from '@nestjs/common';
import {
  FIELD_LIMITS,
  OrderView,
  PlaceOrderReply,
  PlaceOrderRequest,
  ProductLookupReply,
  SAGA_REQUESTS,
} from '@shop/contracts';
import { httpErrorFor } from '@shop/platform';

import { KafkaRequestClient } from '../kafka/kafka-request.client';
import { PlaceOrderDto } from './dto/place-order.dto';

const IDEMPOTENCY_KEY = new RegExp(`^[\\x21-\\x7e]{1,${FIELD_LIMITS.idempotencyKey}}$`);

/** JSON with sorted keys: two equal bodies hash the same whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

@Injectable()
export class OrdersService {
  constructor(private readonly kafka: KafkaRequestClient) {}

  /**
   * Prices the order from the catalogue (unknown SKUs → 422 naming the item), then asks orders to
   * place it under the idempotency key. Answers once the order and its saga are committed.
   */
  async placeOrder(idempotencyKey: string | undefined, dto: PlaceOrderDto): Promise<PlaceOrderReply> {
    if (!idempotencyKey || !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw new BadRequestException({
        error: 'VALIDATION',
        field: 'Idempotency-Key',
        message: [`Idempotency-Key header is required: 1 to ${FIELD_LIMITS.idempotencyKey} printable ASCII characters`],
      });
    }
    const catalogue = await this.kafka.ask<ProductLookupReply>('inventory', SAGA_REQUESTS.lookupProducts, {
      skus: dto.items.map((i) => i.sku),
    });
    if (catalogue.unknown.length > 0) {
      const index = dto.items.findIndex((i) => catalogue.unknown.includes(i.sku));
      throw httpErrorFor({
        code: 'UNKNOWN_SKU',
        field: `items.${index}.sku`,
        message: `unknown SKU ${dto.items[index].sku}`,
      });
    }
    const request: PlaceOrderRequest = {
      idempotencyKey,
      requestHash: createHash('sha256').update(canonicalJson(dto)).digest('hex'),
      customerId: dto.customerId,
      paymentMethod: dto.payment.method,
      shippingAddress: { ...dto.shippingAddress },
      currency: 'EUR',
      lines: dto.items.map((item) => {
        const product = catalogue.products.find((p) => p.sku === item.sku)!;
        return {
          sku: item.sku,
          name: product.name,
          quantity: item.quantity,
          unitPrice: product.price,
          weightKg: product.weightKg,
        };
      }),
    };
    return this.kafka.ask<PlaceOrderReply>('orders', SAGA_REQUESTS.placeOrder, request);
  }

  getOrder(orderId: string): Promise<OrderView> {
    return this.kafka.ask<OrderView>('orders', SAGA_REQUESTS.getOrder, { orderId });
  }
}
