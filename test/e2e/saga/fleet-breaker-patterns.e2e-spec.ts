import { eventually, fleetCli, processNamed, startExtraInstance, stopFleetProcess } from '../support/fleet';
import { clearAllFaults, finalOrder, metricsOf, orderBody, placeOrder, setFaults } from './saga-support';

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
