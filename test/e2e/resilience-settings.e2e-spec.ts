import { randomUUID } from 'node:crypto';

import { GATEWAY_REPLY_TOPIC, resilienceSettingsTopic, resilienceUpdateTopic } from '@shop/contracts';

import { clearFault, gateway, setFault } from './gateway/gateway-client';
import {
  clearAllFaults,
  finalOrder,
  metricsOf,
  orderBody,
  orderWhen,
  placeOrder,
  setFaults,
  withProducer,
} from './saga/saga-support';
import { eventually } from './support/fleet';

// Every app's resilience settings, read and changed at runtime through the gateway, in the app
// that owns the dependency: the change is what that app runs, and the dashboard shows it.
jest.setTimeout(120_000);

const PROVIDER = '/api/admin/resilience/payments/payment_provider';
const patch = (path: string, body: unknown, admin = true) => gateway(path, { method: 'PATCH', body, admin });

/** payments/payment_provider as the dashboard's state shows it. */
async function dashboardView(service: string, dependency: string): Promise<any> {
  const { status, body } = await gateway('/api/admin/dashboard/state', { admin: true });
  expect(status).toBe(200);
  const entry = body.services.find((s: { service: string }) => s.service === service);
  return { service: entry, dependency: entry?.dependencies.find((d: any) => d.dependency === dependency) };
}

/** A request to a backend as the gateway sends it (Nest's reply headers), with `x-deadline`. */
const request = (value: unknown, deadline?: number) => ({
  key: randomUUID(),
  value: JSON.stringify(value),
  headers: {
    kafka_correlationId: randomUUID(),
    kafka_replyTopic: GATEWAY_REPLY_TOPIC,
    kafka_replyPartition: '0',
    ...(deadline === undefined ? {} : { 'x-deadline': String(deadline) }),
  },
});

describe('runtime resilience settings of every app', () => {
  afterAll(async () => {
    await patch(PROVIDER, { timeoutMs: 2000 });
    await clearAllFaults();
    await clearFault('ml_advisor');
  });

  it('reads each app’s settings from the app that owns them', async () => {
    const payments = await gateway('/api/admin/resilience/payments', { admin: true });
    expect(payments.status).toBe(200);
    expect(payments.body).toMatchObject({
      service: 'payments',
      dependencies: {
        payment_provider: {
          circuit: expect.any(String),
          timeoutMs: 2000,
          settings: {
            timeoutMs: 2000,
            circuitBreaker: { mode: 'time', windowMs: 10_000, slowCallDurationMs: 1000, slowCallRateThreshold: 80 },
            bulkhead: { kind: 'adaptive' },
          },
        },
      },
    });
    expect((await gateway('/api/admin/resilience/inventory', { admin: true })).body).toEqual({
      service: 'inventory',
      dependencies: {},
    });
    const notifications = await gateway('/api/admin/resilience/notifications', { admin: true });
    expect(notifications.body.dependencies.notification_provider.settings.rateLimit).toEqual({
      kind: 'sliding-window',
      limit: 50,
      windowMs: 1000,
    });
    // The gateway's own, by name or as before.
    const own = await gateway('/api/admin/resilience/gateway', { admin: true });
    expect(own.body.service).toBe('gateway');
    expect(Object.keys((await gateway('/api/admin/resilience', { admin: true })).body.dependencies).sort()).toEqual(
      Object.keys(own.body.dependencies).sort(),
    );
  });

  it('a timeout changed in payments is the one its charges run with, shown by GET and the dashboard', async () => {
    await clearAllFaults();
    const changed = await patch(PROVIDER, { timeoutMs: 500 });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      service: 'payments',
      dependency: 'payment_provider',
      // Deep-merged: the breaker the file gave it is still there.
      settings: { timeoutMs: 500, circuitBreaker: { mode: 'time', windowMs: 10_000 } },
      summary: { timeoutMs: 500 },
    });
    expect((await gateway('/api/admin/resilience/payments', { admin: true })).body).toMatchObject({
      dependencies: { payment_provider: { timeoutMs: 500, settings: { timeoutMs: 500 } } },
    });
    await eventually('the dashboard to show the new timeout', async () => {
      const { dependency } = await dashboardView('payments', 'payment_provider');
      return dependency?.settings?.timeoutMs === 500 ? true : undefined;
    });
    expect((await dashboardView('payments', 'payment_provider')).dependency.settings.breaker).toEqual({
      kind: 'time',
      rule: 'last 10 s (≥ 5 calls): 50 % failed',
      slowCalls: '80 % slower than 1 s',
      openMs: 2000,
    });

    // The provider now answers in 1.2 s: within the file's 2 s, past the new 500 ms. Payments
    // gives up on the charge at 500 ms and queues it; the saga says why.
    await setFaults('payment-provider', { latencyMs: 1_200 });
    const orderId = await placeOrder(orderBody([{ sku: 'DOG-TREATS-500', quantity: 1 }]));
    const pending = await orderWhen(
      orderId,
      'to wait for its charge',
      (o) => o.saga.steps.some((s) => s.name === 'CHARGE_PAYMENT' && s.lastError !== null),
      30_000,
    );
    expect(pending.status).toBe('PAYMENT_PENDING');
    expect(pending.saga.steps.find((s) => s.name === 'CHARGE_PAYMENT')?.lastError).toMatch(
      /"payment_provider" timed out after 500 ms/,
    );
    expect(await metricsOf('payments')).toMatch(
      /resilience_calls_total\{dependency="payment_provider",outcome="timeout"\} [1-9]/,
    );

    // Back to the file's value and a fast provider: the queued charge goes through.
    expect((await patch(PROVIDER, { timeoutMs: 2000 })).body.settings.timeoutMs).toBe(2000);
    await clearAllFaults();
    expect((await finalOrder(orderId, 90_000)).status).toBe('COMPLETED');
  });

  it('refuses a bad setting naming its key path, and leaves the settings as they were', async () => {
    for (const [body, field] of [
      [{ timeoutMs: 'soon' }, 'resilience.dependencies.payment_provider.timeoutMs'],
      [{ circuitBreaker: { windowMS: 5 } }, 'resilience.dependencies.payment_provider.circuitBreaker.windowMS'],
      [{ rateLimit: { capacity: 5 } }, 'resilience.dependencies.payment_provider.rateLimit.refillPerSecond'],
    ] as const) {
      const answer = await patch(PROVIDER, body);
      expect({ body, status: answer.status, error: answer.body.error, field: answer.body.field }).toEqual({
        body,
        status: 400,
        error: 'VALIDATION',
        field,
      });
    }
    const notAnObject = await gateway(PROVIDER, { method: 'PATCH', rawBody: '[1]', admin: true });
    expect(notAnObject.status).toBe(400);
    expect(notAnObject.body.field).toBe('body');
    const now = (await gateway('/api/admin/resilience/payments', { admin: true })).body.dependencies.payment_provider;
    expect(now.settings.timeoutMs).toBe(2000);
    expect(now.settings.rateLimit).toBeUndefined();
  });

  it('answers 404 for an unknown service or dependency, 400 for a malformed name', async () => {
    const service = await gateway('/api/admin/resilience/billing', { admin: true });
    expect(service.status).toBe(404);
    expect(service.body).toMatchObject({ error: 'NOT_FOUND', field: 'service' });
    expect((await patch('/api/admin/resilience/billing/payment_provider', { timeoutMs: 5 })).status).toBe(404);
    const dependency = await patch('/api/admin/resilience/payments/carrier', { timeoutMs: 5 });
    expect(dependency.status).toBe(404);
    expect(dependency.body).toMatchObject({
      field: 'dependency',
      message: 'payments has no resilience dependency carrier (it has: payment_provider)',
    });
    expect((await gateway('/api/admin/resilience/Payments!', { admin: true })).status).toBe(400);
  });

  it('needs the admin key', async () => {
    expect((await gateway('/api/admin/resilience/payments')).status).toBe(401);
    expect(
      (await gateway('/api/admin/resilience/payments', { headers: { 'x-admin-key': 'not-the-key-but-long-enough' } }))
        .status,
    ).toBe(403);
    expect((await patch(PROVIDER, { timeoutMs: 5 }, false)).status).toBe(401);
    expect(
      (
        await gateway(PROVIDER, {
          method: 'PATCH',
          body: { timeoutMs: 5 },
          headers: { 'x-admin-key': 'not-the-key-but-long-enough' },
        })
      ).status,
    ).toBe(403);
  });

  it('keeps the old gateway route as a deprecated alias that names its successor', async () => {
    const answer = await patch('/api/admin/resilience/cache', {});
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ service: 'gateway', dependency: 'cache', settings: { timeoutMs: 50 } });
    expect(answer.headers.get('deprecation')).toMatch(/^@\d+$/);
    expect(answer.headers.get('link')).toBe('</api/admin/resilience/gateway/cache>; rel="successor-version"');
  });

  it('payments checks a change’s envelope at its edge: a message its contract refuses is dead-lettered', async () => {
    const topic = resilienceUpdateTopic('payments');
    await withProducer((producer) =>
      producer.send({ topic, messages: [request({ dependency: 'payment_provider', patch: [{ timeoutMs: 1 }] })] }),
    );
    const letter = await eventually('the refused change in the dead letters', async () => {
      const letters = (await gateway('/api/admin/dead-letters', { admin: true })).body as any[];
      return letters.find((l) => l.originalTopic === topic && /^INVALID_SHAPE: patch must be object/.test(l.error));
    });
    expect(letter.service).toBe('payments');
    expect(
      (await gateway('/api/admin/resilience/payments', { admin: true })).body.dependencies.payment_provider.settings
        .timeoutMs,
    ).toBe(2000);
  });

  it('the dashboard counts the messages dropped for an expired deadline and the calls a deadline cut off', async () => {
    // payments drops a settings request whose asker had given up before it was read.
    const expiredBefore = (await dashboardView('payments', 'payment_provider')).service.expiredMessages as number;
    await withProducer((producer) =>
      producer.send({ topic: resilienceSettingsTopic('payments'), messages: [request({}, Date.now() - 1_000)] }),
    );
    await eventually('the dashboard to count the expired request', async () =>
      (await dashboardView('payments', 'payment_provider')).service.expiredMessages > expiredBefore ? true : undefined,
    );

    // A client that gives the gateway 150 ms, while the advisor hangs: the 300 ms timeout of
    // ml_advisor is cut off at the client's deadline, which the gateway counts apart.
    // An open breaker would refuse the call before any timeout: wait for answers from the advisor.
    await clearFault('ml_advisor');
    await eventually('recommendations from the advisor', async () =>
      (await gateway<{ degraded: boolean }>('/api/recommendations?limit=1')).body.degraded === false ? true : undefined,
    );
    const cutBefore = (await dashboardView('gateway', 'ml_advisor')).dependency.deadlines.cutOff as number;
    expect((await setFault('ml_advisor', { mode: 'hang' })).status).toBe(200);
    try {
      await gateway('/api/recommendations?limit=1', { headers: { 'x-timeout-ms': '150' } });
    } finally {
      await clearFault('ml_advisor');
    }
    await eventually('the dashboard to count the call the deadline cut off', async () =>
      (await dashboardView('gateway', 'ml_advisor')).dependency.deadlines.cutOff > cutBefore ? true : undefined,
    );
    expect(await metricsOf('gateway')).toMatch(
      /resilience_deadline_exceeded_total\{dependency="ml_advisor",stage="cut_off"\} [1-9]/,
    );
  });
});
