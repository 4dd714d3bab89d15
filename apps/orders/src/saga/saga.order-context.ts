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

/** The context of a new order, from the request it was placed with. */
export function orderContextOf(request: PlaceOrderRequest, itemsTotal: number, weightKg: number): SagaOrderContext {
  return {
    customerId: request.customerId,
    currency: request.currency,
    paymentMethod: request.paymentMethod,
    lines: request.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, unitPriceCents: toCents(l.unitPrice) })),
    itemsTotalCents: toCents(itemsTotal),
    totalCents: null,
    shipping: {
      destinationCountry: request.shippingAddress.country,
      weightKg: Math.round(weightKg * 1000) / 1000, // as weight_kg, DECIMAL(10,3), stores it
      items: request.lines.reduce((sum, l) => sum + l.quantity, 0),
    },
  };
}

/** The column as the driver returns it: text on MariaDB (JSON is LONGTEXT there), parsed on MySQL. */
export function parseOrderContext(column: string | SagaOrderContext): SagaOrderContext {
  return typeof column === 'string' ? (JSON.parse(column) as SagaOrderContext) : column;
}

/** Euros of a whole-cent amount, as commands and DECIMAL(12,2) columns carry them. */
export const euros = (cents: number): number => cents / 100;
