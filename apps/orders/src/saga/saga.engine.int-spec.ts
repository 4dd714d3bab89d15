import 'reflect-metadata';

import { randomUUID } from 'node:crypto';

import { PlaceOrderRequest, ReplyOutcome, SagaAction, sagaCommandId, SagaReply } from '@shop/contracts';
import { OUTBOX_MIGRATIONS, OutboxRelay, ProcessedMessages1732500000000 } from '@shop/messaging';
import { createPrivateDatabase, PrivateDatabase } from '@shop/platform/testing';
import { DataSource } from 'typeorm';

import { ORDERS_MIGRATIONS } from '../migrations';
import { OrdersRepository } from '../orders/orders.repository';
import { OrdersService } from '../orders/orders.service';
import { SAGA_POLICY } from './saga.definition';
import { SagaEngine } from './saga.engine';
import { SagaMetrics } from './saga.metrics';
import { SagaQueries } from './saga.queries';
import { SagaRepository } from './saga.repository';
import { ShippingQuoteService } from './shipping-quote.service';

/** The orchestrator against a real MariaDB (a private database per run); Kafka is replaced by reading the outbox. */

let db: PrivateDatabase;
let dataSource: DataSource;

const relay = { kick: () => undefined } as unknown as OutboxRelay;
const shipping = {
  quote: async () => ({ cost: 4.9, currency: 'EUR', fallback: false }),
} as unknown as ShippingQuoteService;
const newEngine = () =>
  new SagaEngine(
    dataSource,
    relay,
    shipping,
    new SagaMetrics(),
    new SagaRepository(dataSource),
    new OrdersRepository(dataSource),
  );
const newQueries = () => new SagaQueries(new SagaRepository(dataSource));
const newOrdersService = (engine: SagaEngine) =>
  new OrdersService(dataSource, engine, newQueries(), new OrdersRepository(dataSource));

function request(): PlaceOrderRequest {
  return {
    idempotencyKey: randomUUID(),
    requestHash: 'h'.repeat(64),
    customerId: 'c-1',
    paymentMethod: 'card',
    shippingAddress: { name: 'A', street: 'B', city: 'C', postalCode: '10115', country: 'DE' },
    currency: 'EUR',
    lines: [{ sku: 'CAT-TOY-MOUSE', name: 'Mouse', quantity: 2, unitPrice: 4.5, weightKg: 0.1 }],
  };
}

function reply(
  sagaId: string,
  step: number,
  phase: 'action' | 'compensation',
  action: SagaAction,
  outcome: ReplyOutcome,
  extra: Partial<SagaReply> = {},
): SagaReply {
  const commandId = sagaCommandId(sagaId, step, phase);
  return {
    version: 1,
    messageId: `${commandId}/${outcome}/${randomUUID()}`,
    commandId,
    sagaId,
    step,
    action,
    outcome,
    service: 'test',
    repliedAt: new Date().toISOString(),
    ...extra,
  };
}

async function commands(
  sagaId: string,
): Promise<{ topic: string; action: string; messageId: string; payload: Record<string, unknown> }[]> {
  const rows = await dataSource.query<{ topic: string; payload: string }[]>(
    'SELECT topic, payload FROM outbox WHERE message_key = ? ORDER BY id',
    [sagaId],
  );
  return rows.map((r) => ({
    topic: r.topic,
    ...(JSON.parse(r.payload) as { action: string; messageId: string; payload: Record<string, unknown> }),
  }));
}

/** `orders.completed` events waiting in the outbox for an order (keyed by order id). */
async function completedEvents(orderId: string): Promise<Record<string, unknown>[]> {
  const rows = await dataSource.query<{ payload: string }[]>(
    "SELECT payload FROM outbox WHERE topic = 'orders.completed' AND message_key = ?",
    [orderId],
  );
  return rows.map((r) => JSON.parse(r.payload) as Record<string, unknown>);
}

async function saga(sagaId: string) {
  return (await newQueries().byId(sagaId))!;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function makeDue(sagaId: string): Promise<void> {
  await dataSource.query('UPDATE sagas SET next_attempt_at = ? WHERE id = ?', [new Date(Date.now() - 1000), sagaId]);
}

beforeAll(async () => {
  db = await createPrivateDatabase(
    'it_orders_saga',
    [ProcessedMessages1732500000000, ...OUTBOX_MIGRATIONS, ...ORDERS_MIGRATIONS],
    8,
  );
  dataSource = db.dataSource;
});

afterAll(() => db?.dispose());

describe('SagaEngine (MariaDB)', () => {
  const engine = () => newEngine();
  const place = async () => newOrdersService(engine()).placeOrder(request());

  it('commits the order, its saga and the first command in one transaction', async () => {
    const { sagaId, orderId } = await place();
    const view = await saga(sagaId);
    expect(view).toMatchObject({ orderId, status: 'RUNNING', currentStep: 2 });
    expect(view.steps.map((s) => s.state)).toEqual([
      'SUCCEEDED',
      'RUNNING',
      'PENDING',
      'PENDING',
      'PENDING',
      'PENDING',
    ]);
    expect(await commands(sagaId)).toEqual([
      expect.objectContaining({
        topic: 'saga.inventory.commands',
        action: 'RESERVE_STOCK',
        messageId: `${sagaId}/2/a`,
      }),
    ]);
  });

  it('a declined payment compensates the succeeded steps in reverse and ends COMPENSATED', async () => {
    const { sagaId, orderId } = await place();
    const e = engine();
    await e.onReply(reply(sagaId, 2, 'action', 'RESERVE_STOCK', 'SUCCEEDED'));
    await until('the charge command', async () =>
      (await commands(sagaId)).some((c) => c.action === 'CHARGE_PAYMENT') ? true : undefined,
    );
    await e.onReply(
      reply(sagaId, 4, 'action', 'CHARGE_PAYMENT', 'FAILED', {
        errorCode: 'PAYMENT_DECLINED',
        error: 'amount_above_limit',
      }),
    );

    let view = await saga(sagaId);
    expect(view.status).toBe('COMPENSATING');
    expect(view.steps[3]).toMatchObject({ state: 'FAILED', compensation: null });
    expect(view.steps[2].compensation?.state).toBe('SKIPPED');
    expect(view.steps[1].compensation?.state).toBe('RUNNING');
    expect((await commands(sagaId)).map((c) => c.action)).toEqual(['RESERVE_STOCK', 'CHARGE_PAYMENT', 'RELEASE_STOCK']);

    await e.onReply(reply(sagaId, 2, 'compensation', 'RELEASE_STOCK', 'SUCCEEDED'));
    view = await saga(sagaId);
    expect(view.status).toBe('COMPENSATED');
    expect(view.steps.map((s) => s.compensation?.state ?? null)).toEqual([
      'SUCCEEDED',
      'SUCCEEDED',
      'SKIPPED',
      null,
      null,
      null,
    ]);
    const [order] = await dataSource.query<{ status: string }[]>('SELECT status FROM orders WHERE id = ?', [orderId]);
    expect(order.status).toBe('CANCELLED');
    expect(await completedEvents(orderId)).toEqual([]);
    // Cancelling the order tells the customer, in the same transaction.
    expect((await commands(sagaId)).at(-1)).toMatchObject({
      topic: 'saga.notifications.commands',
      action: 'SEND_CANCELLATION_NOTICE',
      messageId: `${sagaId}/1/n`,
    });
  });

  it('an action carries its step deadline to the participant; a compensation carries none', async () => {
    const { sagaId } = await place();
    const e = engine();
    await e.onReply(reply(sagaId, 2, 'action', 'RESERVE_STOCK', 'SUCCEEDED'));
    await until('the charge command', async () =>
      (await commands(sagaId)).some((c) => c.action === 'CHARGE_PAYMENT') ? true : undefined,
    );
    await e.onReply(reply(sagaId, 4, 'action', 'CHARGE_PAYMENT', 'FAILED', { errorCode: 'PAYMENT_DECLINED' }));
    const rows = await dataSource.query<{ payload: string; deadline_at: string | null }[]>(
      'SELECT payload, deadline_at FROM outbox WHERE message_key = ? ORDER BY id',
      [sagaId],
    );
    const deadlines = rows.map((r) => ({
      action: (JSON.parse(r.payload) as { action: string }).action,
      deadlineAt: r.deadline_at === null ? null : Number(r.deadline_at),
    }));
    expect(deadlines.map((d) => d.action)).toEqual(['RESERVE_STOCK', 'CHARGE_PAYMENT', 'RELEASE_STOCK']);
    const [reserve, charge, release] = deadlines;
    // Each step's deadline is set when its first attempt is sent, SAGA_POLICY.stepDeadlineMs ahead.
    for (const { deadlineAt } of [reserve, charge]) {
      expect(deadlineAt).not.toBeNull();
      expect(deadlineAt! - Date.now()).toBeGreaterThan(SAGA_POLICY.stepDeadlineMs - 30_000);
      expect(deadlineAt! - Date.now()).toBeLessThanOrEqual(SAGA_POLICY.stepDeadlineMs);
    }
    expect(charge.deadlineAt!).toBeGreaterThanOrEqual(reserve.deadlineAt!);
    expect(release.deadlineAt).toBeNull();
  });

  it('a completed saga publishes orders.completed once, through the outbox, in the transaction that completes it', async () => {
    const { sagaId, orderId } = await place();
    const e = engine();
    await e.onReply(reply(sagaId, 2, 'action', 'RESERVE_STOCK', 'SUCCEEDED'));
    await until('the charge command', async () =>
      (await commands(sagaId)).some((c) => c.action === 'CHARGE_PAYMENT') ? true : undefined,
    );
    await e.onReply(reply(sagaId, 4, 'action', 'CHARGE_PAYMENT', 'SUCCEEDED', { data: { chargeId: 'ch-1' } }));
    expect(await completedEvents(orderId)).toEqual([]); // confirmed, but not completed yet
    const confirmation = reply(sagaId, 6, 'action', 'SEND_ORDER_CONFIRMATION', 'SUCCEEDED');
    await e.onReply(confirmation);
    await e.onReply({ ...confirmation, messageId: `${confirmation.messageId}/again` });

    expect((await saga(sagaId)).status).toBe('COMPLETED');
    const [row] = await dataSource.query<{ status: string; updated_at: Date }[]>(
      'SELECT status, updated_at FROM orders WHERE id = ?',
      [orderId],
    );
    expect(row.status).toBe('COMPLETED');
    // 2 × 4.50 + 4.90 shipping
    expect(await completedEvents(orderId)).toEqual([
      {
        version: 1,
        eventId: `order-completed/${orderId}`,
        orderId,
        customerId: 'c-1',
        lines: [{ sku: 'CAT-TOY-MOUSE', quantity: 2, unitPriceCents: 450 }],
        totalCents: 1390,
        completedAt: row.updated_at.toISOString(),
      },
    ]);
  });

  it('builds each command from the order context the saga carries, and keeps the order row in step', async () => {
    const order = request();
    order.lines = [
      { sku: 'CAT-TOY-MOUSE', name: 'Mouse', quantity: 2, unitPrice: 4.5, weightKg: 0.1 },
      { sku: 'DOG-FOOD-12KG', name: 'Dog food', quantity: 1, unitPrice: 54.9, weightKg: 12 },
    ];
    const { sagaId, orderId } = await newOrdersService(engine()).placeOrder(order);
    const e = engine();
    await e.onReply(reply(sagaId, 2, 'action', 'RESERVE_STOCK', 'SUCCEEDED'));
    await until('the charge command', async () =>
      (await commands(sagaId)).some((c) => c.action === 'CHARGE_PAYMENT') ? true : undefined,
    );
    await e.onReply(reply(sagaId, 4, 'action', 'CHARGE_PAYMENT', 'SUCCEEDED', { data: { chargeId: 'ch-ctx' } }));

    const payloads = Object.fromEntries((await commands(sagaId)).map((c) => [c.action, c.payload]));
    expect(payloads.RESERVE_STOCK).toEqual({
      lines: [
        { sku: 'CAT-TOY-MOUSE', quantity: 2 },
        { sku: 'DOG-FOOD-12KG', quantity: 1 },
      ],
      holdMs: SAGA_POLICY.reservationHoldMs,
    });
    // 2 × 4.50 + 54.90 + 4.90 shipping
    expect(payloads.CHARGE_PAYMENT).toEqual({ amount: 68.8, currency: 'EUR', method: 'card' });
    expect(payloads.SEND_ORDER_CONFIRMATION).toEqual({ customerId: 'c-1', total: 68.8, currency: 'EUR' });
    const [row] = await dataSource.query<Record<string, unknown>[]>(
      'SELECT status, charge_id, items_total, shipping_cost, total FROM orders WHERE id = ?',
      [orderId],
    );
    // The charge and the confirmation of one transition, written to the order in one statement.
    expect(row).toEqual({
      status: 'CONFIRMED',
      charge_id: 'ch-ctx',
      items_total: '63.90',
      shipping_cost: '4.90',
      total: '68.80',
    });
  });

  it('a duplicate or stale reply changes nothing', async () => {
    const { sagaId } = await place();
    const e = engine();
    const succeeded = reply(sagaId, 2, 'action', 'RESERVE_STOCK', 'SUCCEEDED');
    await e.onReply(succeeded);
    await until('step 4', async () => ((await saga(sagaId)).currentStep === 4 ? true : undefined));
    const before = await saga(sagaId);
    await e.onReply(succeeded);
    await e.onReply(reply(sagaId, 2, 'action', 'RESERVE_STOCK', 'FAILED', { errorCode: 'INSUFFICIENT_STOCK' }));
    const after = await saga(sagaId);
    expect(after.status).toBe('RUNNING');
    expect(after.steps).toEqual(before.steps);
  });

  it('two engines handling the same due saga at once retry it once (row lock)', async () => {
    const { sagaId } = await place();
    await makeDue(sagaId);
    await Promise.all([newEngine().onDue(sagaId), newEngine().onDue(sagaId), newEngine().onDue(sagaId)]);
    const view = await saga(sagaId);
    expect(view.steps[1]).toMatchObject({ state: 'RUNNING', attempts: 2 });
    expect((await commands(sagaId)).filter((c) => c.action === 'RESERVE_STOCK')).toHaveLength(2);
  });

  it('a step without an answer after its attempts fails, and is compensated itself since its outcome is unknown', async () => {
    const { sagaId } = await place();
    await dataSource.query('UPDATE saga_steps SET attempts = ? WHERE saga_id = ? AND step_no = 2', [
      SAGA_POLICY.maxActionAttempts,
      sagaId,
    ]);
    await makeDue(sagaId);
    await engine().onDue(sagaId);
    const view = await saga(sagaId);
    expect(view.status).toBe('COMPENSATING');
    expect(view.steps[1]).toMatchObject({
      state: 'FAILED',
      compensation: expect.objectContaining({ state: 'RUNNING' }),
    });
    expect(view.lastError).toContain('no answer');
    expect((await commands(sagaId)).at(-1)?.action).toBe('RELEASE_STOCK');
  });

  it('a compensation that keeps failing ends the saga FAILED and dead-letters its command; a successful replay resumes it', async () => {
    const { sagaId, orderId } = await place();
    const e = engine();
    await e.onReply(reply(sagaId, 2, 'action', 'RESERVE_STOCK', 'SUCCEEDED'));
    await until('the charge command', async () =>
      (await commands(sagaId)).some((c) => c.action === 'CHARGE_PAYMENT') ? true : undefined,
    );
    await e.onReply(reply(sagaId, 4, 'action', 'CHARGE_PAYMENT', 'FAILED', { errorCode: 'PAYMENT_DECLINED' }));
    await e.onReply(reply(sagaId, 2, 'compensation', 'RELEASE_STOCK', 'FAILED', { error: 'database unavailable' }));
    // Its attempts are used up, but its deadline is not: an outage that long is no reason to give up.
    await dataSource.query('UPDATE saga_steps SET comp_attempts = ? WHERE saga_id = ? AND step_no = 2', [
      SAGA_POLICY.maxCompensationAttempts,
      sagaId,
    ]);
    await makeDue(sagaId);
    await e.onDue(sagaId);
    expect((await saga(sagaId)).status).toBe('COMPENSATING');
    expect((await saga(sagaId)).steps[1].compensation).toMatchObject({
      state: 'RUNNING',
      attempts: SAGA_POLICY.maxCompensationAttempts + 1,
    });
    expect((await commands(sagaId)).filter((c) => c.action === 'RELEASE_STOCK').length).toBeGreaterThan(1);

    // Both used up: the saga ends FAILED.
    await dataSource.query(
      'UPDATE saga_steps SET comp_attempts = ?, comp_started_at = ? WHERE saga_id = ? AND step_no = 2',
      [SAGA_POLICY.maxCompensationAttempts, new Date(Date.now() - SAGA_POLICY.compensationDeadlineMs - 1000), sagaId],
    );
    await makeDue(sagaId);
    await e.onDue(sagaId);

    const view = await saga(sagaId);
    expect(view.status).toBe('FAILED');
    expect(view.steps[1].compensation).toMatchObject({ state: 'FAILED', lastError: 'database unavailable' });
    const letters = await dataSource.query<{ payload: string }[]>(
      "SELECT payload FROM outbox WHERE topic = 'saga.dead-letters' AND message_key = ?",
      [sagaId],
    );
    expect(letters).toHaveLength(1);
    expect(JSON.parse(letters[0].payload)).toMatchObject({
      service: 'orders',
      originalTopic: 'saga.inventory.commands',
      payload: { action: 'RELEASE_STOCK' },
    });
    const [order] = await dataSource.query<{ status: string }[]>('SELECT status FROM orders WHERE id = ?', [orderId]);
    expect(order.status).toBe('FAILED');

    // The operator replays the dead letter; the participant now succeeds: the saga finishes compensating.
    await e.onReply(reply(sagaId, 2, 'compensation', 'RELEASE_STOCK', 'SUCCEEDED'));
    const resumed = await saga(sagaId);
    expect(resumed.status).toBe('COMPENSATED');
    expect(resumed.steps[1].compensation?.state).toBe('SUCCEEDED');
    const [cancelled] = await dataSource.query<{ status: string }[]>('SELECT status FROM orders WHERE id = ?', [
      orderId,
    ]);
    expect(cancelled.status).toBe('CANCELLED');
  });

  it('the same idempotency key returns the same order; another body under it is a conflict', async () => {
    const service = newOrdersService(engine());
    const first = request();
    const placed = await service.placeOrder(first);
    expect(await service.placeOrder(first)).toEqual({ ...placed, replayed: true });
    await expect(service.placeOrder({ ...first, requestHash: 'x'.repeat(64) })).rejects.toMatchObject({
      code: 'IDEMPOTENCY_CONFLICT',
    });
  });
});
