import 'reflect-metadata';

import { randomUUID } from 'node:crypto';

import { PlaceOrderRequest } from '@shop/contracts';
import { OUTBOX_MIGRATIONS, OutboxRelay, ProcessedMessages1732500000000 } from '@shop/messaging';
import { createPrivateDatabase, PrivateDatabase, testMysqlOptions } from '@shop/platform/testing';
import { createPool, Pool } from 'mysql2/promise';
import { DataSource } from 'typeorm';

import { ORDERS_MIGRATIONS } from '../migrations';
import { OrderDomainError } from '../orders/orders.errors';
import { OrdersRepository } from '../orders/orders.repository';
import { OrdersService } from '../orders/orders.service';
import { SagaEngine } from '../saga/saga.engine';
import { SagaMetrics } from '../saga/saga.metrics';
import { SagaQueries } from '../saga/saga.queries';
import { SagaRepository } from '../saga/saga.repository';
import { ShippingQuoteService } from '../saga/shipping-quote.service';
import { REPORTS_POOL_SIZE } from './reports.constants';
import { ReportsDatabase, TimedSelect } from './reports.database';
import { ReportsMetrics } from './reports.metrics';
import { SalesReportService } from './sales-report.service';

/**
 * The reports against a real MariaDB (a private database per run): the figures from orders'
 * tables, and the isolation the one-connection pool gives — a slow report never delays order
 * writes on the saga's pool, and a second report waits for the first.
 */

let db: PrivateDatabase;
let sagaPool: DataSource;
let reportsPool: Pool;

/** What one slowed-down report did on the reports connection. */
interface Visit {
  connectionId: number;
  startedAt: number;
  endedAt: number;
}

/** The real reports database with a `SELECT SLEEP` injected into each report, on the report's own connection. */
class SlowReportsDatabase extends ReportsDatabase {
  readonly visits: Visit[] = [];

  constructor(
    pool: Pool,
    private readonly sleepSeconds: number,
  ) {
    super(pool);
  }

  override snapshot<T>(deadline: number, work: (select: TimedSelect) => Promise<T>): Promise<T> {
    return super.snapshot(deadline, async (select) => {
      const startedAt = Date.now();
      const [{ id }] = await select<{ id: number }>('SELECT CONNECTION_ID() AS id, SLEEP(?) AS slept', [
        this.sleepSeconds,
      ]);
      this.visits.push({ connectionId: Number(id), startedAt, endedAt: Date.now() });
      return work(select);
    });
  }
}

const relay = { kick: () => undefined } as unknown as OutboxRelay;
const shipping = {
  quote: async () => ({ cost: 4.9, currency: 'EUR', fallback: false }),
} as unknown as ShippingQuoteService;
const ordersService = () => {
  const sagas = new SagaRepository(sagaPool);
  const orders = new OrdersRepository(sagaPool);
  const engine = new SagaEngine(sagaPool, relay, shipping, new SagaMetrics(), sagas, orders);
  return new OrdersService(sagaPool, engine, new SagaQueries(sagas), orders);
};

function orderRequest(): PlaceOrderRequest {
  return {
    idempotencyKey: randomUUID(),
    requestHash: 'h'.repeat(64),
    customerId: 'c-reports',
    paymentMethod: 'card',
    shippingAddress: { name: 'A', street: 'B', city: 'C', postalCode: '10115', country: 'DE' },
    currency: 'EUR',
    lines: [{ sku: 'CAT-TOY', name: 'Mouse', quantity: 1, unitPrice: 4.5, weightKg: 0.1 }],
  };
}

/** An order placed at `at` in a final state, written straight to the tables. */
async function insertOrder(
  at: string,
  status: string,
  shippingCost: number,
  lines: { sku: string; name: string; quantity: number; unitPrice: number }[],
): Promise<void> {
  const id = randomUUID();
  const itemsTotal = lines.reduce((sum, l) => sum + l.quantity * l.unitPrice, 0);
  await sagaPool.query(
    `INSERT INTO orders (id, customer_id, idempotency_key, request_hash, status, currency, items_total, shipping_cost, total, weight_kg, payment_method, shipping_address, created_at)
     VALUES (?, 'c-1', ?, ?, ?, 'EUR', ?, ?, ?, 1, 'card', '{}', FROM_UNIXTIME(?))`,
    [
      id,
      randomUUID(),
      'h'.repeat(64),
      status,
      itemsTotal.toFixed(2),
      shippingCost.toFixed(2),
      (itemsTotal + shippingCost).toFixed(2),
      Date.parse(at) / 1000,
    ],
  );
  for (const [i, l] of lines.entries()) {
    await sagaPool.query(
      'INSERT INTO order_lines (order_id, line_no, sku, name, quantity, unit_price) VALUES (?, ?, ?, ?, ?, ?)',
      [id, i + 1, l.sku, l.name, l.quantity, l.unitPrice],
    );
  }
}

const bed = (quantity: number) => ({ sku: 'DOG-BED', name: 'Dog bed', quantity, unitPrice: 40 });
const toy = (quantity: number) => ({ sku: 'CAT-TOY', name: 'Mouse', quantity, unitPrice: 4.5 });
const food = (quantity: number) => ({ sku: 'FISH-FOOD', name: 'Flakes', quantity, unitPrice: 3.33 });

beforeAll(async () => {
  db = await createPrivateDatabase('it_orders_reports', [
    ProcessedMessages1732500000000,
    ...OUTBOX_MIGRATIONS,
    ...ORDERS_MIGRATIONS,
  ]);
  sagaPool = db.dataSource;
  // As ReportsModule builds it.
  reportsPool = createPool({
    ...testMysqlOptions(),
    database: db.name,
    connectionLimit: REPORTS_POOL_SIZE,
    timezone: 'Z',
  });

  // March 2030, well away from the orders the other tests place now.
  await insertOrder('2030-02-28T23:59:59.999Z', 'COMPLETED', 4.9, [bed(9)]); // before the range
  await insertOrder('2030-03-01T00:00:00.000Z', 'COMPLETED', 4.9, [bed(1), toy(2)]); // at `from`: in
  await insertOrder('2030-03-01T23:59:59.999Z', 'COMPLETED', 4.9, [toy(3)]);
  await insertOrder('2030-03-02T10:00:00.000Z', 'CANCELLED', 4.9, [bed(1)]);
  await insertOrder('2030-03-02T11:00:00.000Z', 'COMPLETED', 4.9, [food(1)]);
  await insertOrder('2030-03-02T12:00:00.000Z', 'PAYMENT_PENDING', 4.9, [bed(2)]);
  await insertOrder('2030-03-03T00:00:00.000Z', 'COMPLETED', 4.9, [bed(9)]); // at `to`: out
});

afterAll(async () => {
  await reportsPool?.end();
  await db?.dispose();
});

describe('sales report (MariaDB)', () => {
  const march = { from: '2030-03-01', to: '2030-03-03' };

  it('counts the orders placed in [from, to) by status, and the completed ones’ revenue, units, days and SKUs', async () => {
    const report = await new SalesReportService(new ReportsDatabase(reportsPool), new ReportsMetrics()).sales(march);
    expect(report).toEqual({
      from: '2030-03-01T00:00:00.000Z',
      to: '2030-03-03T00:00:00.000Z',
      currency: 'EUR',
      orders: 5,
      ordersByStatus: { PENDING: 0, PAYMENT_PENDING: 1, CONFIRMED: 0, COMPLETED: 3, CANCELLED: 1, FAILED: 0 },
      // 49.00 + 13.50 + 3.33 of items, 3 × 4.90 shipping
      completed: { orders: 3, units: 7, revenueCents: 8053, itemsRevenueCents: 6583 },
      byDay: [
        { day: '2030-03-01', orders: 2, completedOrders: 2, revenueCents: 7230 },
        { day: '2030-03-02', orders: 3, completedOrders: 1, revenueCents: 823 },
      ],
      topProducts: [
        { sku: 'DOG-BED', name: 'Dog bed', units: 1, revenueCents: 4000 },
        { sku: 'CAT-TOY', name: 'Mouse', units: 5, revenueCents: 2250 },
        { sku: 'FISH-FOOD', name: 'Flakes', units: 1, revenueCents: 333 },
      ],
      source: expect.any(String),
    });
  });

  it('answers a bad range with a VALIDATION error naming the field, without touching the database', async () => {
    const db = new SlowReportsDatabase(reportsPool, 0);
    const error = await new SalesReportService(db, new ReportsMetrics())
      .sales({ from: '2030-03-03', to: '2030-03-01' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OrderDomainError);
    expect(error).toMatchObject({ code: 'VALIDATION', field: 'to' });
    expect(db.visits).toHaveLength(0);
  });

  it('a slow report holds only the reports connection: orders are placed on the saga pool meanwhile, and the report keeps its snapshot', async () => {
    const service = new SalesReportService(new SlowReportsDatabase(reportsPool, 3), new ReportsMetrics());
    const now = {
      from: new Date(Date.now() - 60_000).toISOString(),
      to: new Date(Date.now() + 3_600_000).toISOString(),
    };
    const before = await new SalesReportService(new ReportsDatabase(reportsPool), new ReportsMetrics()).sales(now);

    let reportDone = false;
    const slow = service.sales(now).finally(() => (reportDone = true));
    // Let the report take the connection and start sleeping on it.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = Date.now();
    const placed = await Promise.all([1, 2, 3, 4].map(() => ordersService().placeOrder(orderRequest())));
    const writesMs = Date.now() - started;

    expect(placed.every((p) => p.replayed === false)).toBe(true);
    expect(reportDone).toBe(false); // the report was still holding its connection throughout
    expect(writesMs).toBeLessThan(1_500);
    const report = await slow;
    // Its snapshot began before the sleep, so the orders placed during it are not in it...
    expect(report.orders).toBe(before.orders);
    // ...and the next report sees them.
    const after = await new SalesReportService(new ReportsDatabase(reportsPool), new ReportsMetrics()).sales(now);
    expect(after.orders).toBe(before.orders + 4);
    expect(after.ordersByStatus.PENDING).toBe(before.ordersByStatus.PENDING + 4);
  });

  it('two reports at once queue on the one connection: the second starts when the first is done', async () => {
    const db = new SlowReportsDatabase(reportsPool, 0.5);
    const metrics = new ReportsMetrics();
    const service = new SalesReportService(db, metrics);
    const both = Promise.all([service.sales(march), service.sales(march)]);
    expect(metrics.inFlight).toBe(2);
    const [first, second] = await both;
    expect(first).toEqual(second);
    expect(metrics.inFlight).toBe(0);

    const [a, b] = [...db.visits].sort((x, y) => x.startedAt - y.startedAt);
    expect(a.connectionId).toBe(b.connectionId);
    expect(b.startedAt).toBeGreaterThanOrEqual(a.endedAt);
  });

  it('the server stops a report at its time limit, and the connection serves the next report', async () => {
    const service = new SalesReportService(new SlowReportsDatabase(reportsPool, 5), new ReportsMetrics());
    const started = Date.now();
    const error = await service
      .sales({ ...march, replyBy: new Date(Date.now() + 300).toISOString() })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'TIMEOUT' });
    expect(Date.now() - started).toBeLessThan(2_000);
    await expect(
      new SalesReportService(new ReportsDatabase(reportsPool), new ReportsMetrics()).sales(march),
    ).resolves.toMatchObject({ orders: 5 });
  });

  it('does not run a report whose asker already stopped waiting', async () => {
    const db = new SlowReportsDatabase(reportsPool, 0);
    const error = await new SalesReportService(db, new ReportsMetrics())
      .sales({ ...march, replyBy: new Date(Date.now() - 1).toISOString() })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'TIMEOUT' });
    expect(db.visits).toHaveLength(0);
  });
});
