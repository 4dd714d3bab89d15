import { MigrationInterface, QueryRunner } from 'typeorm';

import { orderContext } from '../saga/saga.order-context';

const BATCH = 500;

interface OrderOfSaga {
  saga_id: string;
  order_id: string;
  customer_id: string;
  currency: string;
  payment_method: string;
  items_total: string;
  total: string | null;
  weight_kg: string;
  shipping_address: string | { country: string };
}

interface LineOfOrder {
  order_id: string;
  sku: string;
  quantity: number;
  unit_price: string;
}

/**
 * Each saga carries what its commands are built from (saga.order-context.ts), so a transition no
 * longer reads the order and its lines to build one. Sagas written before this migration get
 * their context from their order's rows, in batches, before the column becomes NOT NULL.
 */
export class SagaOrderContext1732600000004 implements MigrationInterface {
  name = 'SagaOrderContext1732600000004';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE sagas ADD COLUMN order_context JSON NULL');
    for (;;) {
      const orders = (await q.query(
        `SELECT s.id AS saga_id, o.id AS order_id, o.customer_id, o.currency, o.payment_method, o.items_total,
                o.total, o.weight_kg, o.shipping_address
           FROM sagas s JOIN orders o ON o.id = s.order_id
          WHERE s.order_context IS NULL LIMIT ${BATCH}`,
      )) as OrderOfSaga[];
      if (orders.length === 0) break;
      const lines = (await q.query(
        `SELECT order_id, sku, quantity, unit_price FROM order_lines WHERE order_id IN (${orders.map(() => '?').join(', ')}) ORDER BY order_id, line_no`,
        orders.map((o) => o.order_id),
      )) as LineOfOrder[];
      for (const order of orders) {
        const context = contextOf(
          order,
          lines.filter((l) => l.order_id === order.order_id),
        );
        await q.query('UPDATE sagas SET order_context = ? WHERE id = ?', [JSON.stringify(context), order.saga_id]);
      }
    }
    await q.query('ALTER TABLE sagas MODIFY order_context JSON NOT NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE sagas DROP COLUMN order_context');
  }
}

/** An order's context from its rows, built as placement builds it. */
function contextOf(order: OrderOfSaga, lines: readonly LineOfOrder[]) {
  const address =
    typeof order.shipping_address === 'string'
      ? (JSON.parse(order.shipping_address) as { country: string })
      : order.shipping_address;
  return orderContext({
    customerId: order.customer_id,
    currency: order.currency,
    paymentMethod: order.payment_method,
    destinationCountry: address.country,
    lines: lines.map((l) => ({ sku: l.sku, quantity: l.quantity, unitPrice: l.unit_price })),
    itemsTotal: order.items_total,
    total: order.total,
    weightKg: order.weight_kg,
  });
}
