import { adminHeaders, clearAllFaults, finalOrder, orderBody, orderWhen, setFaults } from '../saga/saga-support';
import { eventually, fleet, fleetCli, pidOf, urlOf } from '../support/fleet';
import { descendsFrom, named, placeTracedOrder, stepSpans, traceWhen, ZipkinSpan } from './trace-support';

const SERVICES = ['gateway', 'orders', 'inventory', 'payments', 'notifications'];
const STEPS = [
  'create_order',
  'reserve_inventory',
  'quote_shipping',
  'charge_payment',
  'confirm_order',
  'send_confirmation',
];

const servicesOf = (spans: ZipkinSpan[]) => new Set(spans.map((s) => s.localEndpoint.serviceName));
/** The confirmation notice was handled by notifications and its reply applied by orders. */
const confirmed = (spans: ZipkinSpan[]) =>
  named(spans, 'saga step send_confirmation result').length > 0 &&
  spans.some((s) => s.localEndpoint.serviceName === 'notifications');

describe('one order, one trace (Zipkin)', () => {
  afterEach(async () => {
    await clearAllFaults();
    if (pidOf('orders') === undefined) await fleetCli('start');
  }, 150_000);

  it('holds spans of gateway, orders, inventory, payments and notifications, the saga steps in order, the outbox hop linked', async () => {
    const { orderId, traceId } = await placeTracedOrder(orderBody([{ sku: 'DOG-BED-L', quantity: 1 }]));
    const order = await finalOrder(orderId);
    expect(order.saga.status).toBe('COMPLETED');

    const spans = await traceWhen(traceId, 'to hold the whole saga', confirmed);
    expect(new Set(spans.map((s) => s.traceId))).toEqual(new Set([traceId]));
    for (const service of SERVICES) expect(servicesOf(spans)).toContain(service);
    expect(named(spans, 'post /api/orders')[0].localEndpoint.serviceName).toBe('gateway');

    const steps = stepSpans(spans);
    expect(steps.map((s) => s.name.replace('saga step ', ''))).toEqual(STEPS);
    for (const step of steps) {
      expect(step.tags?.['order.id']).toBe(orderId);
      expect(step.tags?.['saga.step.attempt']).toBe('1');
    }
    expect(steps.map((s) => s.tags?.['saga.step.outcome'])).toEqual([
      'SUCCEEDED',
      'RUNNING',
      'RUNNING',
      'RUNNING',
      'SUCCEEDED',
      'RUNNING',
    ]);

    // The outbox hop: the reserve step's command was written to the outbox under the step's span;
    // the relay published it in that span's context, and inventory handled it as a descendant.
    const reserve = steps[1];
    const publish = named(spans, 'outbox publish').find((s) => s.parentId === reserve.id);
    expect(publish?.localEndpoint.serviceName).toBe('orders');
    const handled = named(spans, 'process saga.inventory.commands').find((s) => descendsFrom(spans, s, publish!));
    expect(handled?.localEndpoint.serviceName).toBe('inventory');
    // ... and the reply came back the same way, to the step's result.
    const result = named(spans, 'saga step reserve_inventory result')[0];
    expect(result.tags?.['saga.step.outcome']).toBe('SUCCEEDED');
    expect(descendsFrom(spans, result, handled!)).toBe(true);

    // The confirmation is delivered by a Bull worker later, in the trace of the step that queued it.
    const delivered = await traceWhen(traceId, 'to hold the confirmation delivery', (all) =>
      named(all, 'notice deliver').some((s) => s.tags?.['notice.key'] === `confirmation-${order.saga.sagaId}`),
    );
    const deliver = named(delivered, 'notice deliver').find(
      (s) => s.tags?.['notice.key'] === `confirmation-${order.saga.sagaId}`,
    )!;
    expect(deliver.localEndpoint.serviceName).toBe('notifications');
    expect(deliver.traceId).toBe(traceId);

    // The dashboard's link: the gateway finds the saga's trace in Zipkin; its UI page answers.
    const link = await fetch(urlOf('gateway', `/api/admin/dashboard/sagas/${order.saga.sagaId}/trace`), {
      headers: adminHeaders(),
    });
    expect(link.status).toBe(200);
    const trace = (await link.json()) as { traceId: string; url: string };
    expect(trace).toEqual({ traceId, url: `${fleet().zipkinUrl}/zipkin/traces/${traceId}` });
    expect((await fetch(trace.url)).status).toBe(200);
  }, 90_000);

  it('the dashboard answers 404 for a saga with no trace and 400 for a malformed id', async () => {
    const ask = (id: string) =>
      fetch(urlOf('gateway', `/api/admin/dashboard/sagas/${id}/trace`), { headers: adminHeaders() });
    expect((await ask('00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await ask('not-a-uuid')).status).toBe(400);
  });

  it('orders killed mid-saga: the steps it resumes after the restart are in the same trace', async () => {
    // A slow provider holds the saga at the payment step while orders dies.
    await setFaults('payment-provider', { latencyMs: 1500 });
    const { orderId, traceId } = await placeTracedOrder(orderBody([{ sku: 'CAT-FOOD-4KG', quantity: 1 }]));
    await orderWhen(orderId, 'to be charging', (o) => o.saga.steps[3].state === 'RUNNING', 30_000);
    // The charge step's span must have left orders before the kill, or it dies in its buffer.
    await traceWhen(traceId, 'to hold the charge step', (spans) => named(spans, 'saga step charge_payment').length > 0);
    const killed = pidOf('orders');
    expect(killed).toBeDefined();
    process.kill(killed!, 'SIGKILL');
    await eventually('orders to be dead', async () => (pidOf('orders') === undefined ? true : undefined), 10_000);
    await clearAllFaults();
    await fleetCli('start');
    expect((await finalOrder(orderId, 90_000)).saga.status).toBe('COMPLETED');

    const spans = await traceWhen(traceId, 'to hold the resumed saga', confirmed, 60_000);
    const restarted = pidOf('orders');
    const byPid = (pid: number | undefined) =>
      spans.filter((s) => s.localEndpoint.serviceName === 'orders' && s.tags?.['process.pid'] === String(pid));
    // Before the kill: the steps up to the charge; after the restart: its result and the rest.
    expect(stepSpans(byPid(killed)).map((s) => s.name)).toContain('saga step charge_payment');
    const resumed = byPid(restarted).map((s) => s.name);
    expect(resumed).toEqual(
      expect.arrayContaining([
        'saga step charge_payment result',
        'saga step confirm_order',
        'saga step send_confirmation',
        'saga step send_confirmation result',
      ]),
    );
    expect(new Set(spans.map((s) => s.traceId))).toEqual(new Set([traceId]));
  }, 240_000);
});
