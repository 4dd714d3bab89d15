import { FIELD_LIMITS, ORDER_STATUSES, OrderView, ShippingAddress } from '@shop/contracts';

import { arrayOf, bool, dateTime, int, namedObject, nullable, objectSchema, str, uuid } from '../../docs/schema';
import { SAGA_VIEW_SCHEMA } from '../../sagas/dto/saga.schemas';
import { PAYMENT_METHODS } from './place-order.dto';

/** What `POST /api/orders` answers. */
export interface OrderAccepted {
  orderId: string;
  statusUrl: string;
  accessToken: string;
}

const ORDER_ID = '5d2f8a61-7c4b-4e3a-8b1f-9a0c1d2e3f40';
const AT = '2026-11-25T09:00:00.000Z';

export const ORDER_ACCEPTED_SCHEMA = namedObject<OrderAccepted>('OrderAccepted', {
  description: 'The order is accepted; its saga runs on. The same answer for a replay of the same Idempotency-Key',
  properties: {
    orderId: uuid('The order'),
    statusUrl: str('Where to poll the order (send `accessToken` in `x-order-token`)'),
    accessToken: str('The only key (besides the admin key) to read the order: keep it as you would the order', {
      pattern: '^[A-Za-z0-9_-]{43}$',
    }),
  },
  example: {
    orderId: ORDER_ID,
    statusUrl: `/api/orders/${ORDER_ID}`,
    accessToken: 'q0vYj3mZb8fJ2kQ1xW9tR4uE7iO6pA5sD3fG2hJ1kL0',
  },
});

const ADDRESS = objectSchema<ShippingAddress>({
  properties: {
    name: str('Recipient', { maxLength: FIELD_LIMITS.addressName }),
    street: str('Street and number', { maxLength: FIELD_LIMITS.addressStreet }),
    city: str('City', { maxLength: FIELD_LIMITS.addressCity }),
    postalCode: str('Postal code', { maxLength: 12 }),
    country: str('ISO 3166-1 alpha-2', { pattern: '^[A-Z]{2}$' }),
  },
  example: { name: 'Ada Lovelace', street: 'Hauptstraße 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
});

type OrderLineView = OrderView['lines'][number];
const LINE = objectSchema<OrderLineView>({
  properties: {
    sku: str('The product', { maxLength: FIELD_LIMITS.sku }),
    name: str('Its name when ordered'),
    quantity: int('Units', { minimum: 1, maximum: 100 }),
    unitPrice: int('Price of one unit when ordered, cents', { minimum: 0 }),
  },
  example: { sku: 'DOG-BED-L', name: 'Dog bed, large', quantity: 2, unitPrice: 4999 },
});

export const ORDER_VIEW_SCHEMA = namedObject<OrderView>('Order', {
  description: 'An order, its status and its saga. Money in cents of `currency`',
  properties: {
    orderId: uuid('The order'),
    customerId: str('Who ordered', { maxLength: FIELD_LIMITS.customerId }),
    status: str('Where the order is', { enum: [...ORDER_STATUSES] }),
    currency: str('ISO 4217', { pattern: '^[A-Z]{3}$' }),
    itemsTotal: int('Sum of the lines, cents', { minimum: 0 }),
    shippingCost: nullable(int('Shipping, cents, once quoted', { minimum: 0 })),
    shippingFallback: bool('True when the carrier did not quote and the flat fallback rate was used'),
    total: nullable(int('Items plus shipping, cents, once shipping is known', { minimum: 0 })),
    paymentMethod: str('How it is paid', { enum: [...PAYMENT_METHODS] }),
    chargeId: nullable(str('The payment provider’s charge, once charged')),
    shippingAddress: ADDRESS,
    lines: arrayOf(LINE, 'What was ordered'),
    createdAt: dateTime('When it was accepted'),
    updatedAt: dateTime('Last change'),
    saga: SAGA_VIEW_SCHEMA,
  },
  example: {
    orderId: ORDER_ID,
    customerId: 'customer-42',
    status: 'COMPLETED',
    currency: 'EUR',
    itemsTotal: 9998,
    shippingCost: 499,
    shippingFallback: false,
    total: 10497,
    paymentMethod: 'card',
    chargeId: 'ch_3f9a1c',
    shippingAddress: {
      name: 'Ada Lovelace',
      street: 'Hauptstraße 1',
      city: 'Berlin',
      postalCode: '10115',
      country: 'DE',
    },
    lines: [{ sku: 'DOG-BED-L', name: 'Dog bed, large', quantity: 2, unitPrice: 4999 }],
    createdAt: AT,
    updatedAt: AT,
    saga: {
      sagaId: '0b7c3a52-5a0e-4a8f-9f61-2f1d2c3b4a59',
      orderId: ORDER_ID,
      status: 'COMPLETED',
      currentStep: 6,
      lastError: null,
      createdAt: AT,
      updatedAt: AT,
      finishedAt: AT,
      steps: [],
    },
  },
});
