import { randomUUID } from 'node:crypto';

import { GATEWAY_REPLY_TOPIC, SAGA_REQUESTS } from '@shop/contracts';

import { withProducer } from '../saga/saga-support';
import { eventually, processNamed, urlOf } from '../support/fleet';

/** How many `orders.get` requests the orders process has taken with `outcome`, from its Kafka counter. */
async function ordersGetConsumed(outcome: 'success' | 'expired'): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${processNamed('orders').port}/metrics`)).text();
  const line = new RegExp(
    `kafka_messages_total\\{topic="orders\\.get",direction="consumed",outcome="${outcome}"\\} (\\d+)`,
  );
  return Number(line.exec(text)?.[1] ?? 0);
}

/** A request as the gateway sends it (reply headers of Nest's ClientKafka), with an `x-deadline`. */
const askedWithDeadline = (deadline: number) => ({
  key: randomUUID(),
  value: JSON.stringify({ orderId: randomUUID() }),
  headers: {
    kafka_correlationId: randomUUID(),
    kafka_replyTopic: GATEWAY_REPLY_TOPIC,
    kafka_replyPartition: '0',
    'x-deadline': String(deadline),
  },
});

describe('deadlines travel with a call', () => {
  it('refuses a malformed x-timeout-ms by name instead of ignoring it', async () => {
    for (const value of ['soon', '0', '-1', '2.5']) {
      const response = await fetch(urlOf('gateway', `/api/orders/${randomUUID()}`), {
        headers: { 'x-timeout-ms': value },
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ field: 'x-timeout-ms' });
    }
  });

  it('a generous x-timeout-ms does not get in the way of an answer', async () => {
    const response = await fetch(urlOf('gateway', '/api/system/status'), { headers: { 'x-timeout-ms': '8000' } });
    expect(response.status).toBe(200);
  });

  it('a service drops a request whose asker gave up before it was read, and answers one in time', async () => {
    const before = { expired: await ordersGetConsumed('expired'), success: await ordersGetConsumed('success') };
    await withProducer((producer) =>
      producer.send({
        topic: SAGA_REQUESTS.getOrder,
        messages: [askedWithDeadline(Date.now() - 1_000), askedWithDeadline(Date.now() + 60_000)],
      }),
    );
    const after = await eventually('orders to take both requests', async () => {
      const now = { expired: await ordersGetConsumed('expired'), success: await ordersGetConsumed('success') };
      return now.expired > before.expired && now.success > before.success ? now : undefined;
    });
    expect(after.expired - before.expired).toBe(1);
    expect(after.success - before.success).toBe(1);
  });
});
