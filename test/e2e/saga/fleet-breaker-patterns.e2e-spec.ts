import { gateway } from '../gateway/gateway-client';
import { eventually, fleetCli, processNamed, startExtraInstance, stopFleetProcess } from '../support/fleet';
import {
  clearAllFaults,
  finalOrder,
  messagesWithKey,
  metricsOf,
  orderBody,
  placeOrder,
  setFaults,
} from './saga-support';

// The fleet's own dependencies use the library's windowed breakers and rate limiters, as
// config/resilience.yaml says: each trips here on the real fleet and shows in the metrics.
jest.setTimeout(150_000);

const circuitOpen = (metrics: string, dependency: string): boolean =>
  new RegExp(`resilience_circuit_state\\{dependency="${dependency}"\\} 1`).test(metrics);

function counter(metrics: string, name: string, labels: string[]): number {
  const line = metrics.split('\n').find((l) => l.startsWith(`${name}{`) && labels.every((x) => l.includes(x)));
  return line === undefined ? 0 : Number(line.split(' ').pop());
}

describe('the fleet uses the windowed breakers and rate limits of libs/resilience', () => {
  afterEach(() => clearAllFaults());

  it('payments: the provider answering slowly (no failure at all) opens its time-window breaker', async () => {
    // slowCallDurationMs is 1 s, the timeout 2 s: these calls succeed, slowly.
    await setFaults('payment-provider', { latencyMs: 1_200 });
    // Fast calls of earlier tests may still be in the 10 s window: keep ordering until the slow
    // ones are 80 % of it.
    const orderIds: string[] = [];
    await eventually(
      'the payment provider breaker to open on slow calls',
      async () => {
        if (circuitOpen(await metricsOf('payments'), 'payment_provider')) return true;
        orderIds.push(await placeOrder(orderBody([{ sku: 'REP-LAMP-UVB', quantity: 1 }])));
        return undefined;
      },
      60_000,
    );
    await clearAllFaults();
    for (const orderId of orderIds) expect((await finalOrder(orderId, 60_000)).saga.status).toBe('COMPLETED');
  });

  it('notifications: a failing provider opens its count-window breaker', async () => {
    await setFaults('notification-provider', { mode: 'down' });
    const orderIds = await Promise.all(
      Array.from({ length: 3 }, () => placeOrder(orderBody([{ sku: 'REP-LAMP-UVB', quantity: 1 }]))),
    );
    await eventually(
      'the notification provider breaker to open',
      async () => (circuitOpen(await metricsOf('notifications'), 'notification_provider') ? true : undefined),
      60_000,
    );
    await clearAllFaults();
    for (const orderId of orderIds) await finalOrder(orderId, 60_000);
  });

  it('notifications: notices over the provider quota are refused at once, and sent once when it allows', async () => {
    // The fleet's quota (50 a second) is not reached by a test: lowered at runtime to 1 a minute.
    const settings = '/api/admin/resilience/notifications/notification_provider';
    const current = await gateway('/api/admin/resilience/notifications', { admin: true });
    const quota = current.body.dependencies.notification_provider.settings.rateLimit;
    expect(quota).toEqual({ kind: 'sliding-window', limit: 50, windowMs: 1000 });
    /** The provider's calls refused (by anything) and those its bulkhead refused, from one scrape. */
    const refusals = async (): Promise<{ rejected: number; bulkhead: number }> => {
      const metrics = await metricsOf('notifications');
      const provider = 'dependency="notification_provider"';
      return {
        rejected: counter(metrics, 'resilience_calls_total', [provider, 'outcome="rejected"']),
        bulkhead: counter(metrics, 'resilience_bulkhead_rejections_total', [provider]),
      };
    };
    const before = await refusals();

    const lowered = await gateway(settings, {
      method: 'PATCH',
      admin: true,
      body: { rateLimit: { kind: 'sliding-window', limit: 1, windowMs: 60_000 } },
    });
    expect(lowered.status).toBe(200);
    let orderIds: string[] = [];
    try {
      orderIds = await Promise.all(
        Array.from({ length: 3 }, () => placeOrder(orderBody([{ sku: 'REP-LAMP-UVB', quantity: 1 }]))),
      );
      await eventually(
        'a notice to be refused by the quota',
        async () => ((await refusals()).rejected > before.rejected ? true : undefined),
        60_000,
      );
      // The limiter refused them, not the bulkhead.
      expect((await refusals()).bulkhead).toBe(before.bulkhead);
    } finally {
      expect((await gateway(settings, { method: 'PATCH', admin: true, body: { rateLimit: quota } })).status).toBe(200);
    }
    // Refused notices stay queued and go out, each once, when the quota allows again.
    for (const orderId of orderIds) {
      const order = await finalOrder(orderId, 60_000);
      expect(order.saga.status).toBe('COMPLETED');
      const key = `confirmation-${order.saga.sagaId}`;
      const messages = await eventually(
        `the confirmation of ${orderId} to be delivered`,
        async () => {
          const found = await messagesWithKey(key);
          return found.some((m) => m.deliveries > 0) ? found : undefined;
        },
        60_000,
      );
      expect(messages).toEqual([expect.objectContaining({ deliveries: 1 })]);
    }
  });

  it('orders: quotes over the carrier rate limit are refused at once and the fallback answers', async () => {
    // The fleet's quota (50, 25/s) is not reached by a test: this orders instance has a quota of 1.
    const orders = processNamed('orders');
    await stopFleetProcess('orders');
    const instance = await startExtraInstance('orders', orders.port + 900, {
      RESILIENCE__CARRIER__RATE_LIMIT__CAPACITY: '1',
      RESILIENCE__CARRIER__RATE_LIMIT__REFILL_PER_SECOND: '0.001',
    });
    try {
      const orderIds = await Promise.all(
        Array.from({ length: 3 }, () => placeOrder(orderBody([{ sku: 'REP-LAMP-UVB', quantity: 1 }]))),
      );
      for (const orderId of orderIds) await finalOrder(orderId, 60_000);
      const metrics = await (await fetch(instance.url('/metrics'))).text();
      // The carrier is healthy: only the limiter refuses, and the fixed-cost fallback answers.
      expect(
        counter(metrics, 'resilience_calls_total', ['dependency="carrier"', 'outcome="fallback"']),
      ).toBeGreaterThan(0);
    } finally {
      await instance.stop();
      await fleetCli('start');
    }
  });
});
