import { ORDER_STATUSES, OrderStatus, SALES_REPORT_TOP_SKUS, SalesReport } from '@shop/contracts';

import { arrayOf, dateTime, int, namedObject, objectSchema, Schema, str } from '../../docs/schema';

const cents = (description: string) => int(`${description}, cents`, { minimum: 0 });
const count = (description: string) => int(description, { minimum: 0 });

type Completed = SalesReport['completed'];
type Day = SalesReport['byDay'][number];
type TopProduct = SalesReport['topProducts'][number];

export const SALES_REPORT_SCHEMA = namedObject<SalesReport>('SalesReport', {
  description: 'Sales of the orders placed in [from, to). Money in cents of `currency`',
  properties: {
    from: dateTime('Start of the range reported, inclusive (UTC)'),
    to: dateTime('End of the range reported, exclusive (UTC)'),
    currency: str('ISO 4217', { pattern: '^[A-Z]{3}$' }),
    orders: count('Orders placed in the range, whatever became of them'),
    ordersByStatus: objectSchema<SalesReport['ordersByStatus']>({
      description: 'Those orders by their current status; every status listed, 0 when none',
      properties: Object.fromEntries(ORDER_STATUSES.map((s) => [s, count(`Orders now ${s}`)])) as Record<
        OrderStatus,
        Schema
      >,
      example: { PENDING: 0, PAYMENT_PENDING: 0, CONFIRMED: 1, COMPLETED: 40, CANCELLED: 2, FAILED: 1 },
    }),
    completed: objectSchema<Completed>({
      description: 'The orders placed in the range that are COMPLETED',
      properties: {
        orders: count('Completed orders'),
        units: count('Units sold'),
        revenueCents: cents('What the customers paid: items plus shipping'),
        itemsRevenueCents: cents('Items only'),
      },
      example: { orders: 40, units: 93, revenueCents: 512_340, itemsRevenueCents: 492_380 },
    }),
    byDay: arrayOf(
      objectSchema<Day>({
        properties: {
          day: str('UTC day', { format: 'date' }),
          orders: count('Orders placed that day'),
          completedOrders: count('Of which completed'),
          revenueCents: cents('Revenue of the completed ones'),
        },
        example: { day: '2026-10-01', orders: 12, completedOrders: 11, revenueCents: 140_210 },
      }),
      'One entry per UTC day with orders, ascending',
    ),
    topProducts: {
      ...arrayOf(
        objectSchema<TopProduct>({
          properties: {
            sku: str('The product'),
            name: str('Its name'),
            units: count('Units sold'),
            revenueCents: cents('Item revenue'),
          },
          example: { sku: 'DOG-BED-L', name: 'Dog bed, large', units: 14, revenueCents: 69_986 },
        }),
        'Best-selling SKUs of the completed orders by item revenue',
      ),
      maxItems: SALES_REPORT_TOP_SKUS,
    },
    source: str('Where the figures come from'),
  },
  example: {
    from: '2026-10-01T00:00:00.000Z',
    to: '2026-11-01T00:00:00.000Z',
    currency: 'EUR',
    orders: 44,
    ordersByStatus: { PENDING: 0, PAYMENT_PENDING: 0, CONFIRMED: 1, COMPLETED: 40, CANCELLED: 2, FAILED: 1 },
    completed: { orders: 40, units: 93, revenueCents: 512_340, itemsRevenueCents: 492_380 },
    byDay: [{ day: '2026-10-01', orders: 12, completedOrders: 11, revenueCents: 140_210 }],
    topProducts: [{ sku: 'DOG-BED-L', name: 'Dog bed, large', units: 14, revenueCents: 69_986 }],
    source: 'orders database (reports pool)',
  },
});
