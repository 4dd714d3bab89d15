import { randomUUID } from 'node:crypto';

import { eventually, fleet, urlOf } from '../support/fleet';
import { chargesOf, metricsOf, stockOf, withInventoryDb, withProducer } from './saga-support';

// Sagas finish in seconds, but waits on recoveries (breakers, queues) can take longer than jest's default 5 s.
jest.setTimeout(120_000);

/** Participants driven directly over Kafka, as a redelivering broker or a dying orchestrator would. */

function command(
  topic: string,
  action: string,
  step: number,
  phase: 'a' | 'c',
  payload: object,
  sagaId = randomUUID(),
) {
  return {
    topic,
    sagaId,
    value: {
      version: 1,
      messageId: `${sagaId}/${step}/${phase}`,
      sagaId,
      orderId: randomUUID(),
      step,
      action,
      attempt: 1,
      sentAt: new Date().toISOString(),
      payload,
    },
  };
}

async function send(
  topic: string,
  sagaId: string,
  value: object,
  times = 1,
  headers: Record<string, string> = {},
): Promise<void> {
  await withProducer(async (producer) => {
    for (let i = 0; i < times; i++)
      await producer.send({ topic, messages: [{ key: sagaId, value: JSON.stringify(value), headers }] });
  });
}

/** Messages of `topic` the app has consumed with `outcome` (from its Kafka counter). */
async function consumed(app: string, topic: string, outcome: 'success' | 'expired' = 'success'): Promise<number> {
  const pattern = new RegExp(
    `kafka_messages_total\\{topic="${topic.replace(/\./g, '\\.')}",direction="consumed",outcome="${outcome}"\\} (\\d+)`,
  );
  return Number(pattern.exec(await metricsOf(app))?.[1] ?? 0);
}

async function reservationOf(sagaId: string): Promise<{ status: string }[]> {
  return withInventoryDb(
    async (query) =>
      (await query('SELECT status FROM reservations WHERE saga_id = ?', [sagaId])) as { status: string }[],
  );
}

describe('saga participants', () => {
  it('a redelivered reserve command reserves once; its release gives the units back once', async () => {
    const sku = 'BIRD-CAGE-M';
    const before = (await stockOf([sku]))[sku];
    const reserve = command('saga.inventory.commands', 'RESERVE_STOCK', 2, 'a', {
      lines: [{ sku, quantity: 3 }],
      holdMs: 600_000,
    });
    const seen = await consumed('inventory', reserve.topic);
    await send(reserve.topic, reserve.sagaId, reserve.value, 3);
    await eventually('inventory to consume all three copies', async () =>
      (await consumed('inventory', reserve.topic)) >= seen + 3 ? true : undefined,
    );

    expect(await reservationOf(reserve.sagaId)).toEqual([{ status: 'RESERVED' }]);
    expect((await stockOf([sku]))[sku]).toEqual({
      available: before.available - 3,
      reserved: before.reserved + 3,
      sold: before.sold,
    });

    const release = command('saga.inventory.commands', 'RELEASE_STOCK', 2, 'c', {}, reserve.sagaId);
    await send(release.topic, release.sagaId, release.value, 2);
    await eventually('the reservation to be released', async () =>
      (await reservationOf(reserve.sagaId))[0]?.status === 'RELEASED' ? true : undefined,
    );
    await eventually('inventory to consume both releases', async () =>
      (await consumed('inventory', reserve.topic)) >= seen + 5 ? true : undefined,
    );
    expect((await stockOf([sku]))[sku]).toEqual(before);
  });

  it('a reservation whose saga never confirms expires and its units come back', async () => {
    const sku = 'DOG-LEASH-RED';
    const before = (await stockOf([sku]))[sku];
    const reserve = command('saga.inventory.commands', 'RESERVE_STOCK', 2, 'a', {
      lines: [{ sku, quantity: 2 }],
      holdMs: 500,
    });
    await send(reserve.topic, reserve.sagaId, reserve.value);
    await eventually(
      'the reservation to expire',
      async () => ((await reservationOf(reserve.sagaId))[0]?.status === 'EXPIRED' ? true : undefined),
      15_000,
    );
    expect((await stockOf([sku]))[sku]).toEqual(before);
  });

  it('a redelivered charge command charges the provider once', async () => {
    const charge = command('saga.payments.commands', 'CHARGE_PAYMENT', 4, 'a', {
      amount: 12.34,
      currency: 'EUR',
      method: 'card',
    });
    const orderId = (charge.value as { orderId: string }).orderId;
    const seen = await consumed('payments', charge.topic);
    await send(charge.topic, charge.sagaId, charge.value, 3);
    await eventually('payments to consume all three copies', async () =>
      (await consumed('payments', charge.topic)) >= seen + 3 ? true : undefined,
    );
    const charges = await chargesOf(orderId);
    expect(charges).toHaveLength(1);
    expect(charges[0]).toMatchObject({ status: 'captured', amount: 12.34, requests: 1 });

    const refund = command('saga.payments.commands', 'REFUND_PAYMENT', 4, 'c', {}, charge.sagaId);
    await send(refund.topic, refund.sagaId, { ...refund.value, orderId }, 2);
    await eventually('the charge to be refunded', async () =>
      (await chargesOf(orderId))[0]?.refunded ? true : undefined,
    );
  });

  it('a charge command read after its step deadline takes no money; one read in time does', async () => {
    const payment = { amount: 23.45, currency: 'EUR', method: 'card' };
    const late = command('saga.payments.commands', 'CHARGE_PAYMENT', 4, 'a', payment);
    const inTime = command('saga.payments.commands', 'CHARGE_PAYMENT', 4, 'a', payment);
    const before = {
      expired: await consumed('payments', late.topic, 'expired'),
      success: await consumed('payments', late.topic),
    };
    // As the orchestrator's outbox sends an action: with its step deadline in `x-deadline`.
    await send(late.topic, late.sagaId, late.value, 1, { 'x-deadline': String(Date.now() - 1_000) });
    await send(inTime.topic, inTime.sagaId, inTime.value, 1, { 'x-deadline': String(Date.now() + 60_000) });
    await eventually('payments to take both commands', async () =>
      (await consumed('payments', late.topic, 'expired')) > before.expired &&
      (await consumed('payments', late.topic)) > before.success
        ? true
        : undefined,
    );
    const charged = await eventually('the in-time charge to be captured', async () => {
      const charges = await chargesOf((inTime.value as { orderId: string }).orderId);
      return charges[0]?.status === 'captured' ? charges : undefined;
    });
    expect(charged).toHaveLength(1);
    expect(await chargesOf((late.value as { orderId: string }).orderId)).toEqual([]);
    expect((await consumed('payments', late.topic, 'expired')) - before.expired).toBe(1);
  });

  it('a command that keeps failing becomes a dead letter; an operator can list and replay it', async () => {
    const broken = command('saga.inventory.commands', 'RESERVE_STOCK', 2, 'a', { lines: null, holdMs: 1000 });
    await send(broken.topic, broken.sagaId, broken.value);
    const id = `inventory:${broken.value.messageId}`;
    const headers = { 'x-admin-key': fleet().adminApiKey };
    const letter = await eventually('the dead letter to be listed', async () => {
      const letters = (await (await fetch(urlOf('gateway', '/api/admin/dead-letters'), { headers })).json()) as {
        id: string;
        attempts: number;
        originalTopic: string;
      }[];
      return letters.find((l) => l.id === id);
    });
    expect(letter).toMatchObject({ originalTopic: 'saga.inventory.commands', attempts: 4 });

    const replay = await fetch(urlOf('gateway', `/api/admin/dead-letters/${encodeURIComponent(id)}/replay`), {
      method: 'POST',
      headers,
    });
    expect(replay.status).toBe(202);
    expect(await replay.json()).toMatchObject({ id, replayCount: 1 });
    const missing = await fetch(urlOf('gateway', `/api/admin/dead-letters/nope/replay`), { method: 'POST', headers });
    expect(missing.status).toBe(404);
    expect(
      (await fetch(urlOf('gateway', `/api/admin/dead-letters/${encodeURIComponent(id)}/replay`), { method: 'POST' }))
        .status,
    ).toBe(401);
  });
});
