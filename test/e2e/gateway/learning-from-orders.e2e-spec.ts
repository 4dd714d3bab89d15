import { ORDER_EVENT_TOPIC, OrderCompletedEvent, orderCompletedEventId } from '@shop/contracts';

import { finalOrder, getOrder, orderBody, placeOrder, withDatabaseOf, withProducer } from '../saga/saga-support';
import { eventually } from '../support/fleet';
import { advisorOrderEvents, gateway, retrainAdvisor } from './gateway-client';

jest.setTimeout(120_000);

/**
 * The advisor learns from real orders: orders placed through the gateway complete their saga,
 * `orders` publishes `orders.completed` through its outbox, the advisor records the lines once,
 * and after a retrain the product page of one SKU recommends the other.
 *
 * A and B are SKUs no other suite orders (and never together), of different species so the
 * catalogue fallback never suggests one for the other.
 */
const A = 'CAT-TREE-XL';
const B = 'DOG-FOOD-12KG';
const ORDERS = 3;

interface PetPage {
  strategy?: string;
  degraded: boolean;
  recommendations: { productId: string; reason: string }[];
}

/** Orders in the advisor's history that hold both A and B. */
function ordersWithBoth(): Promise<number> {
  return withDatabaseOf('ml-advisor', async (query) => {
    const rows = (await query(
      'SELECT COUNT(*) AS n FROM (SELECT order_id FROM order_lines WHERE product_id IN (?, ?) GROUP BY order_id HAVING COUNT(*) = 2) AS both_bought',
      [A, B],
    )) as { n: number }[];
    return Number(rows[0].n);
  });
}

/** B as an also-bought suggestion on A's page, if it is one. */
async function bAsAlsoBought(): Promise<{ reason: string; rank: number; strategy?: string } | undefined> {
  const page = await gateway<PetPage>(`/api/pets/${A}`);
  expect(page.status).toBe(200);
  expect(page.body.degraded).toBe(false);
  const rank = page.body.recommendations.findIndex((r) => r.productId === B && r.reason.startsWith('bought together'));
  return rank < 0 ? undefined : { reason: page.body.recommendations[rank].reason, rank, strategy: page.body.strategy };
}

describe('the advisor learns from completed orders', () => {
  it(`recommends ${B} on ${A}'s page once customers bought them together, and counts a redelivered event once`, async () => {
    // What the history holds now: nothing on a fresh fleet (no suite buys A with B), and the
    // model needs two orders in common before B counts as bought with A.
    await retrainAdvisor();
    const togetherBefore = await ordersWithBoth();
    const before = await bAsAlsoBought();
    if (togetherBefore < 2) expect(before).toBeUndefined();
    const recordedBefore = await advisorOrderEvents('recorded');

    const orderIds: string[] = [];
    for (let i = 0; i < ORDERS; i++) {
      orderIds.push(
        await placeOrder(
          orderBody([
            { sku: A, quantity: 1 },
            { sku: B, quantity: 1 + i },
          ]),
        ),
      );
    }
    for (const orderId of orderIds) expect((await finalOrder(orderId)).saga.status).toBe('COMPLETED');
    await eventually('the advisor to record the three orders', async () =>
      (await ordersWithBoth()) === togetherBefore + ORDERS ? true : undefined,
    );
    expect((await advisorOrderEvents('recorded')) - recordedBefore).toBeGreaterThanOrEqual(ORDERS);

    await retrainAdvisor();
    const after = await bAsAlsoBought();
    expect(after).toEqual({
      reason: `bought together ${togetherBefore + ORDERS} times`,
      rank: 0,
      strategy: 'also-bought',
    });

    // The broker delivers at least once: the same event again (same event id) must change nothing.
    const order = await getOrder(orderIds[0]);
    const duplicatesBefore = await advisorOrderEvents('duplicate');
    const again: OrderCompletedEvent = {
      version: 1,
      eventId: orderCompletedEventId(order.orderId),
      orderId: order.orderId,
      customerId: 'someone-else',
      lines: [
        { sku: A, quantity: 5, unitPriceCents: 1 },
        { sku: B, quantity: 5, unitPriceCents: 1 },
      ],
      totalCents: 10,
      completedAt: new Date().toISOString(),
    };
    await withProducer((producer) =>
      producer.send({
        topic: ORDER_EVENT_TOPIC.completed,
        messages: [{ key: order.orderId, value: JSON.stringify(again) }],
      }),
    );
    await eventually('the advisor to recognise the redelivery', async () =>
      (await advisorOrderEvents('duplicate')) > duplicatesBefore ? true : undefined,
    );

    const lines = await withDatabaseOf('ml-advisor', (query) =>
      query('SELECT customer_id, product_id, quantity FROM order_lines WHERE order_id = ? ORDER BY product_id', [
        order.orderId,
      ]),
    );
    expect(lines).toEqual([
      { customer_id: expect.stringMatching(/^cust-/), product_id: A, quantity: 1 },
      { customer_id: expect.stringMatching(/^cust-/), product_id: B, quantity: 1 },
    ]);
    await retrainAdvisor();
    expect(await bAsAlsoBought()).toEqual(after);
  });
});
