import { PlaceOrderRequest } from '@shop/contracts';

import { toCents } from '../orders/money';
import { ShippingQuoteRequest } from './shipping-quote.service';

/**
 * What the saga's commands and events are built from, kept in the saga row (`order_context`)
 * that every transition loads and locks anyway. Building a command from the `orders` and
 * `order_lines` rows instead cost six reads an order (docs/performance.md). The order's own
 * rows stay the record the API answers from; the two are written in the same transactions.
 */
export interface SagaOrderContext {
  customerId: string;
  currency: string;
  paymentMethod: string;
  lines: { sku: string; quantity: number; unitPriceCents: number }[];
  itemsTotalCents: number;
  /** Items plus shipping, once shipping is quoted (step 3); null before. */
  totalCents: number | null;
  /** What the carrier is asked to quote for. */
  shipping: ShippingQuoteRequest;
}

/** An order as placement has it, or as its rows store it (DECIMAL columns arrive as strings). */
export interface OrderFacts {
  customerId: string;
  currency: string;
  paymentMethod: string;
  destinationCountry: string;
  lines: readonly { sku: string; quantity: number | string; unitPrice: number | string }[];
  itemsTotal: number | string;
  total: number | string | null;
  weightKg: number | string;
}

/** The context of an order: at placement, and for sagas written before the column (its migration). */
export function orderContext(order: OrderFacts): SagaOrderContext {
  const lines = order.lines.map((l) => ({
    sku: l.sku,
    quantity: Number(l.quantity),
    unitPriceCents: toCents(l.unitPrice),
  }));
  return {
    customerId: order.customerId,
    currency: order.currency,
    paymentMethod: order.paymentMethod,
    lines,
    itemsTotalCents: toCents(order.itemsTotal),
    totalCents: order.total === null ? null : toCents(order.total),
    shipping: {
      destinationCountry: order.destinationCountry,
      weightKg: Math.round(Number(order.weightKg) * 1000) / 1000, // as weight_kg, DECIMAL(10,3), stores it
      items: lines.reduce((sum, l) => sum + l.quantity, 0),
    },
  };
}

/** The context of a new order, from the request it was placed with. */
export function orderContextOf(request: PlaceOrderRequest, itemsTotal: number, weightKg: number): SagaOrderContext {
  return orderContext({
    customerId: request.customerId,
    currency: request.currency,
    paymentMethod: request.paymentMethod,
    destinationCountry: request.shippingAddress.country,
    lines: request.lines,
    itemsTotal,
    total: null,
    weightKg,
  });
}

/** The column as the driver returns it: text on MariaDB (JSON is LONGTEXT there), parsed on MySQL. */
export function parseOrderContext(column: string | SagaOrderContext): SagaOrderContext {
  return typeof column === 'string' ? (JSON.parse(column) as SagaOrderContext) : column;
}
