import { ORDER_EVENT_TOPIC, orderCompletedEventId } from '@shop/contracts';

import { eventually } from '../support/fleet';
import {
  clearAllFaults,
  finalOrder,
  messagesWithKey,
  metricsOf,
  orderBody,
  placeOrder,
  setFaults,
  withDatabaseOf,
  withProducer,
} from './saga-support';

// Follow-up mail after a completed order: orders.completed → notifications → the background
// compartment's own Bull queue and workers, beside the critical queue of confirmations.
jest.setTimeout(120_000);

/** Messages of orders.completed notifications has consumed (from its Kafka counter). */
async function orderEventsConsumed(): Promise<number> {
  return Number(
    /kafka_messages_total\{topic="orders\.completed",direction="consumed",outcome="success"\} (\d+)/.exec(
      await metricsOf('notifications'),
    )?.[1] ?? 0,
  );
}

const delivered = async (key: string): Promise<number> =>
  (await messagesWithKey(key)).reduce((n, m) => n + m.deliveries, 0);

describe('notifications: follow-ups in the background compartment', () => {
  afterEach(async () => {
    await clearAllFaults();
  });

  it('a completed order gets one follow-up; a redelivered orders.completed stores and sends nothing more', async () => {
    const body = orderBody([{ sku: 'CAT-LITTER-10L', quantity: 1 }]);
    const orderId = await placeOrder(body);
    expect((await finalOrder(orderId)).status).toBe('COMPLETED');
    const key = `follow-up-${orderId}`;
    await eventually('the follow-up to be delivered', async () => ((await delivered(key)) > 0 ? true : undefined));

    const seen = await orderEventsConsumed();
    const event = {
      version: 1,
      eventId: orderCompletedEventId(orderId),
      orderId,
      customerId: body.customerId,
      lines: [{ sku: 'CAT-LITTER-10L', quantity: 1, unitPriceCents: 1299 }],
      totalCents: 1299,
      completedAt: new Date().toISOString(),
    };
    await withProducer((producer) =>
      producer.send({ topic: ORDER_EVENT_TOPIC.completed, messages: [{ key: orderId, value: JSON.stringify(event) }] }),
    );
    await eventually('notifications to consume the redelivery', async () =>
      (await orderEventsConsumed()) > seen ? true : undefined,
    );

    expect(await messagesWithKey(key)).toEqual([expect.objectContaining({ deliveries: 1, requests: 1 })]);
    const rows = await withDatabaseOf('notifications', (query) =>
      query('SELECT kind, saga_id AS sagaId, status FROM notifications WHERE order_id = ? ORDER BY kind', [orderId]),
    );
    expect(rows).toEqual([
      { kind: 'CONFIRMATION', sagaId: expect.any(String), status: 'SENT' },
      { kind: 'FOLLOW_UP', sagaId: null, status: 'SENT' },
    ]);
  });

  it('with a slow provider, confirmations go out while follow-ups still wait for their two workers; then every follow-up goes out once', async () => {
    const text = await metricsOf('notifications');
    expect(text).toMatch(/^compartment_queue_workers\{queue="notices",compartment="critical"\} 8$/m);
    expect(text).toMatch(/^compartment_queue_workers\{queue="notices",compartment="background"\} 2$/m);

    await setFaults('notification-provider', { latencyMs: 1_200 });
    const orders = 12;
    const orderIds = await Promise.all(
      Array.from({ length: orders }, () => placeOrder(orderBody([{ sku: 'DOG-LEASH-RED', quantity: 1 }]))),
    );
    const sagaIds = await Promise.all(orderIds.map(async (id) => (await finalOrder(id)).saga.sagaId));

    await eventually('every confirmation to be delivered', async () => {
      const counts = await Promise.all(sagaIds.map((id) => delivered(`confirmation-${id}`)));
      return counts.every((n) => n === 1) ? true : undefined;
    });
    // Follow-ups were queued as the orders completed, with the confirmations, but only two are
    // delivered at a time (1.2 s each): in one shared queue they would have gone out alongside.
    const followUpsSent = (await Promise.all(orderIds.map((id) => delivered(`follow-up-${id}`)))).filter(
      (n) => n > 0,
    ).length;
    expect(followUpsSent).toBeLessThanOrEqual(orders - 2);
    const backlog =
      /^compartment_queue_jobs\{queue="notices",compartment="background",state="(?:waiting|active)"\} (\d+)$/gm;
    const pending = [...(await metricsOf('notifications')).matchAll(backlog)].reduce((n, m) => n + Number(m[1]), 0);
    expect(pending).toBeGreaterThan(0);

    await clearAllFaults();
    await eventually('every follow-up to be delivered', async () => {
      const counts = await Promise.all(orderIds.map((id) => delivered(`follow-up-${id}`)));
      return counts.every((n) => n === 1) ? counts : undefined;
    });
  });
});
