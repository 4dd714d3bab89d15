import 'reflect-metadata';

import { createPrivateDatabase, PrivateDatabase } from '@shop/platform/testing';

import { parseOrderContext } from '../saga/saga.order-context';
import { OrderSaga1732600000000 } from './1732600000000-order-saga';
import { SagaOrderContext1732600000004 } from './1732600000004-saga-order-context';

/** The migration that gives every saga its order context, on sagas written before it (MariaDB). */

let db: PrivateDatabase;

beforeAll(async () => {
  db = await createPrivateDatabase('it_orders_context', [OrderSaga1732600000000]);
});

afterAll(() => db?.dispose());

async function insertOrderAndSaga(orderId: string, total: string | null): Promise<void> {
  await db.dataSource.query(
    `INSERT INTO orders (id, customer_id, idempotency_key, request_hash, status, currency, items_total, total, weight_kg, payment_method, shipping_address)
     VALUES (?, 'c-7', ?, ?, 'PENDING', 'EUR', '63.90', ?, '12.200', 'card', '{"country":"AT","city":"Wien"}')`,
    [orderId, `key-${orderId}`, 'h'.repeat(64), total],
  );
  await db.dataSource.query(
    `INSERT INTO order_lines (order_id, line_no, sku, name, quantity, unit_price)
     VALUES (?, 1, 'CAT-TOY-MOUSE', 'Mouse', 2, '4.50'), (?, 2, 'DOG-FOOD-12KG', 'Dog food', 1, '54.90')`,
    [orderId, orderId],
  );
  await db.dataSource.query("INSERT INTO sagas (id, order_id, status, current_step) VALUES (?, ?, 'RUNNING', 4)", [
    `s-${orderId}`,
    orderId,
  ]);
}

it('fills in the context of existing sagas from their orders, then requires it', async () => {
  await insertOrderAndSaga('o-quoted', '68.80');
  await insertOrderAndSaga('o-unquoted', null);

  const runner = db.dataSource.createQueryRunner();
  try {
    await new SagaOrderContext1732600000004().up(runner);
  } finally {
    await runner.release();
  }

  const rows = await db.dataSource.query<{ id: string; order_context: string }[]>(
    'SELECT id, order_context FROM sagas ORDER BY id',
  );
  const contexts = Object.fromEntries(rows.map((r) => [r.id, parseOrderContext(r.order_context)]));
  expect(contexts['s-o-quoted']).toEqual({
    customerId: 'c-7',
    currency: 'EUR',
    paymentMethod: 'card',
    lines: [
      { sku: 'CAT-TOY-MOUSE', quantity: 2, unitPriceCents: 450 },
      { sku: 'DOG-FOOD-12KG', quantity: 1, unitPriceCents: 5490 },
    ],
    itemsTotalCents: 6390,
    totalCents: 6880,
    shipping: { destinationCountry: 'AT', weightKg: 12.2, items: 3 },
  });
  expect(contexts['s-o-unquoted'].totalCents).toBeNull();
  await expect(
    db.dataSource.query(
      "INSERT INTO sagas (id, order_id, status, current_step) VALUES ('s-none', 'o-none', 'RUNNING', 1)",
    ),
  ).rejects.toThrow(/order_context/);
});
