import { randomUUID } from 'node:crypto';

import { eventually, urlOf } from '../support/fleet';
import {
  chargesOf,
  clearAllFaults,
  finalOrder,
  getOrder,
  messagesWithKey,
  metricsOf,
  orderBody,
  orderWhen,
  placeOrder,
  setFaults,
  StepView,
  stockOf,
  withInventoryDb,
} from './saga-support';

// Sagas finish in seconds, but waits on recoveries (breakers, queues) can take longer than jest's default 5 s.
jest.setTimeout(120_000);

/** How often the payments service's breaker has opened so far. */
async function breakerOpenings(): Promise<number> {
  const match =
    /resilience_circuit_transitions_total\{dependency="payment_provider",from="closed",to="open"\} (\d+)/.exec(
      await metricsOf('payments'),
    );
  return Number(match?.[1] ?? 0);
}

const stepOf = (order: { saga: { steps: StepView[] } }, no: number): StepView =>
  order.saga.steps.find((s) => s.step === no)!;

describe('order saga', () => {
  afterEach(async () => {
    await clearAllFaults();
  });

  it('happy path: COMPLETED, stock sold once, charged once, confirmation sent once', async () => {
    const sku = 'DOG-BED-L';
    const before = (await stockOf([sku]))[sku];
    const orderId = await placeOrder(orderBody([{ sku, quantity: 2 }]));
    const order = await finalOrder(orderId);

    expect(order.saga.status).toBe('COMPLETED');
    expect(order.status).toBe('COMPLETED');
    expect(order.saga.steps.map((s) => [s.name, s.state])).toEqual([
      ['CREATE_ORDER', 'SUCCEEDED'],
      ['RESERVE_INVENTORY', 'SUCCEEDED'],
      ['QUOTE_SHIPPING', 'SUCCEEDED'],
      ['CHARGE_PAYMENT', 'SUCCEEDED'],
      ['CONFIRM_ORDER', 'SUCCEEDED'],
      ['SEND_CONFIRMATION', 'SUCCEEDED'],
    ]);
    expect(order.saga.steps.every((s) => s.compensation === null)).toBe(true);
    expect(order.shippingFallback).toBe(false);
    // 2 × 89.00 + carrier quote for 9 kg domestic: 4.90 + 0.80 × 9 + 0.25 × 2 = 12.60, in cents
    expect(order).toMatchObject({ itemsTotal: 17_800, shippingCost: 1_260, total: 19_060 });
    expect(order.lines).toEqual([expect.objectContaining({ quantity: 2, unitPrice: 8_900 })]);

    const charges = await chargesOf(orderId);
    expect(charges).toHaveLength(1);
    expect(charges[0]).toMatchObject({
      status: 'captured',
      amount: order.total! / 100,
      refunded: false,
      chargeId: order.chargeId,
    });

    const after = await eventually('the reservation to become a sale', async () => {
      const stock = (await stockOf([sku]))[sku];
      return stock.sold === before.sold + 2 ? stock : undefined;
    });
    expect(after.available).toBe(before.available - 2);
    expect(after.reserved).toBe(before.reserved);

    const messages = await eventually('the confirmation to be delivered', async () => {
      const found = await messagesWithKey(`confirmation-${order.saga.sagaId}`);
      return found.length > 0 ? found : undefined;
    });
    expect(messages).toHaveLength(1);
    expect(messages[0].deliveries).toBe(1);

    // The one attempt is in the delivery log, written behind into the notifications database.
    const key = `confirmation-${order.saga.sagaId}`;
    const log = await eventually('the delivery log to show the confirmation sent', async () => {
      const response = await fetch(urlOf('notifications', `/delivery-log?notificationId=${key}`));
      const page = (await response.json()) as { items: { outcome: string; orderId: string; attempt: number }[] };
      return page.items.some((i) => i.outcome === 'sent') ? page.items : undefined;
    });
    expect(log.filter((i) => i.outcome === 'sent')).toEqual([
      expect.objectContaining({ orderId, attempt: log.length }),
    ]);
  });

  it('payment declined by the provider (402) → COMPENSATED: stock restored, nothing captured, breaker stays closed, customer told once', async () => {
    const sku = 'FISH-AQUA-300L';
    const before = (await stockOf([sku]))[sku];
    const opensBefore = await breakerOpenings();
    const orderId = await placeOrder(orderBody([{ sku, quantity: 2 }])); // 1798 EUR > the sim's 1000 limit
    const order = await finalOrder(orderId);

    expect(order.saga.status).toBe('COMPENSATED');
    expect(order.status).toBe('CANCELLED');
    expect(stepOf(order, 4)).toMatchObject({ state: 'FAILED', compensation: null });
    expect(stepOf(order, 4).lastError).toContain('PAYMENT_DECLINED');
    // Compensations ran in reverse for the steps that had succeeded.
    expect(stepOf(order, 3).compensation?.state).toBe('SKIPPED');
    expect(stepOf(order, 2).compensation?.state).toBe('SUCCEEDED');
    expect(stepOf(order, 1).compensation?.state).toBe('SUCCEEDED');
    expect(stepOf(order, 5).state).toBe('PENDING');
    expect(order.saga.lastError).toContain('CHARGE_PAYMENT');

    expect((await chargesOf(orderId)).filter((c) => c.status === 'captured')).toHaveLength(0);
    const notices = await eventually('the cancellation notice to be delivered', async () => {
      const found = await messagesWithKey(`cancellation-${order.saga.sagaId}`);
      return found.length > 0 ? found : undefined;
    });
    expect(notices).toEqual([expect.objectContaining({ deliveries: 1 })]);
    expect(await messagesWithKey(`confirmation-${order.saga.sagaId}`)).toHaveLength(0);
    const after = (await stockOf([sku]))[sku];
    expect(after).toEqual(before);
    expect(await breakerOpenings()).toBe(opensBefore);
  });

  it('carrier down → the fixed-cost fallback is used and recorded, the order completes', async () => {
    await setFaults('carrier', { mode: 'down' });
    const orderId = await placeOrder(orderBody([{ sku: 'CAT-FOOD-4KG', quantity: 1 }]));
    const order = await finalOrder(orderId);
    expect(order.saga.status).toBe('COMPLETED');
    expect(order.shippingFallback).toBe(true);
    expect(order.shippingCost).toBe(990);
    expect(order.total).toBe(2_450 + 990);
    expect(stepOf(order, 3).lastError).toContain('fallback');
  });

  it('notification provider down → the order still COMPLETES; the notice is delivered once after recovery', async () => {
    await setFaults('notification-provider', { mode: 'down' });
    const orderId = await placeOrder(orderBody([{ sku: 'RAB-HAY-1KG', quantity: 3 }]));
    const order = await finalOrder(orderId);
    expect(order.saga.status).toBe('COMPLETED');
    expect(order.status).toBe('COMPLETED');
    const key = `confirmation-${order.saga.sagaId}`;
    expect(await messagesWithKey(key)).toHaveLength(0);

    await clearAllFaults();
    const messages = await eventually(
      'the queued notice to be delivered',
      async () => {
        const found = await messagesWithKey(key);
        return found.length > 0 ? found : undefined;
      },
      45_000,
    );
    expect(messages).toHaveLength(1);
    expect(messages[0].deliveries).toBe(1);

    // Every attempt is in the delivery log: the refused ones while the provider was down, then one sent.
    const log = await eventually('the delivery log to show the notice sent', async () => {
      const response = await fetch(urlOf('notifications', `/delivery-log?notificationId=${key}`));
      const page = (await response.json()) as { items: { outcome: string; orderId: string; attempt: number }[] };
      return page.items.some((i) => i.outcome === 'sent') ? page.items : undefined;
    });
    expect(log.filter((i) => i.outcome === 'sent')).toHaveLength(1);
    expect(log.filter((i) => i.outcome === 'queued').length).toBeGreaterThanOrEqual(1);
    expect(log.every((i) => i.orderId === orderId)).toBe(true);
  });

  it('payment provider down → breaker opens, order waits PAYMENT_PENDING (no pretended success), captured once after recovery', async () => {
    await setFaults('payment-provider', { mode: 'down' });
    const orderIds = await Promise.all(
      [1, 2, 3].map(() => placeOrder(orderBody([{ sku: 'REP-LAMP-UVB', quantity: 1 }]))),
    );
    for (const orderId of orderIds) {
      const waiting = await orderWhen(orderId, 'to be PAYMENT_PENDING', (o) => o.status === 'PAYMENT_PENDING');
      expect(stepOf(waiting, 4).state).toBe('WAITING');
      expect(waiting.saga.status).toBe('RUNNING');
    }
    await eventually('the payment provider breaker to open', async () =>
      /resilience_circuit_state\{dependency="payment_provider"\} 1/.test(await metricsOf('payments'))
        ? true
        : undefined,
    );
    for (const orderId of orderIds) expect(await chargesOf(orderId)).toHaveLength(0);

    await clearAllFaults();
    for (const orderId of orderIds) {
      const order = await finalOrder(orderId, 60_000);
      expect(order.saga.status).toBe('COMPLETED');
      const charges = await chargesOf(orderId);
      expect(charges).toHaveLength(1);
      expect(charges[0]).toMatchObject({ status: 'captured', refunded: false });
    }
  });

  it('stock never goes negative under concurrent orders for the last units', async () => {
    const sku = 'DOG-HARNESS-LTD';
    await withInventoryDb(async (query) => {
      await query('UPDATE products SET available = 5, reserved = 0, sold = 0 WHERE sku = ?', [sku]);
    });
    const orderIds = await Promise.all(Array.from({ length: 12 }, () => placeOrder(orderBody([{ sku, quantity: 1 }]))));
    const orders = await Promise.all(orderIds.map((id) => finalOrder(id)));
    const completed = orders.filter((o) => o.saga.status === 'COMPLETED');
    const compensated = orders.filter((o) => o.saga.status === 'COMPENSATED');
    expect(completed).toHaveLength(5);
    expect(compensated).toHaveLength(7);
    for (const order of compensated) expect(stepOf(order, 2).lastError).toContain('INSUFFICIENT_STOCK');
    const stock = await eventually('the sales to be committed', async () => {
      const s = (await stockOf([sku]))[sku];
      return s.sold === 5 ? s : undefined;
    });
    expect(stock).toEqual({ available: 0, reserved: 0, sold: 5 });
  });

  it('orders exports saga metrics: started, finished by status, duration', async () => {
    await finalOrder(await placeOrder(orderBody([{ sku: 'DOG-TREATS-500', quantity: 1 }])));
    const text = await metricsOf('orders');
    expect(text).toMatch(/saga_started_total [1-9]/);
    expect(text).toMatch(/saga_finished_total\{status="COMPLETED"\} [1-9]/);
    expect(text).toMatch(/saga_duration_seconds_count\{status="COMPLETED"\} [1-9]/);
  });

  it('GET /api/orders/:id shows the saga steps with attempts and timings', async () => {
    const orderId = await placeOrder(orderBody([{ sku: 'DOG-LEASH-RED', quantity: 1 }]), randomUUID());
    const order = await finalOrder(orderId);
    const view = await getOrder(orderId);
    expect(view.saga.sagaId).toBe(order.saga.sagaId);
    for (const step of view.saga.steps as unknown as { attempts: number; startedAt: string; finishedAt: string }[]) {
      expect(step.attempts).toBeGreaterThanOrEqual(1);
      expect(Date.parse(step.finishedAt)).toBeGreaterThanOrEqual(Date.parse(step.startedAt));
    }
  });
});
