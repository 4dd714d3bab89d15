import {
  eventually,
  ExtraInstance,
  fleet,
  fleetCli,
  processNamed,
  startExtraInstance,
  stopFleetProcess,
  urlOf,
} from '../support/fleet';
import { clearAllFaults, orderBody, orderWhen, placeOrder, setFaults, stockOf, withInventoryDb } from './saga-support';

/**
 * A compensation that keeps failing: the saga ends FAILED, its command is a dead letter, and an
 * operator's replay (once the cause is fixed) lets the saga finish compensating. Orders gives a
 * compensation 5 min before it gives up; this test runs an orders instance that gives it 5 s.
 */
describe('a saga whose compensation fails', () => {
  const sku = 'RAB-HUTCH';
  const headers = () => ({ 'x-admin-key': fleet().adminApiKey });
  let orders: ExtraInstance | undefined;

  beforeAll(async () => {
    await stopFleetProcess('orders');
    orders = await startExtraInstance('orders', processNamed('orders').port + 905, {
      SAGA_COMPENSATION_DEADLINE_MS: '5000',
    });
  });

  afterAll(async () => {
    await orders?.stop();
    await fleetCli('start');
  });

  afterEach(async () => {
    await clearAllFaults();
  });

  it('ends FAILED with a dead letter; replaying it after the fix ends the saga COMPENSATED', async () => {
    const before = (await stockOf([sku]))[sku];
    // The provider is down, so the charge waits (PAYMENT_PENDING) with the units reserved…
    await setFaults('payment-provider', { mode: 'down' });
    const orderId = await placeOrder(orderBody([{ sku, quantity: 5 }]));
    await orderWhen(orderId, 'to wait for the payment provider', (o) => o.status === 'PAYMENT_PENDING');
    // …then the reserved units vanish (a broken database, say), so a release cannot move them back…
    await withInventoryDb((query) => query('UPDATE products SET reserved = reserved - 5 WHERE sku = ?', [sku]));
    // …and the provider comes back and declines (5 × 219 EUR is above its limit): compensate.
    await clearAllFaults();

    const failed = await orderWhen(orderId, 'to be FAILED', (o) => o.saga.status === 'FAILED', 90_000);
    expect(failed.status).toBe('FAILED');
    expect(failed.saga.steps[1].compensation).toMatchObject({ state: 'FAILED' });
    expect(failed.saga.lastError).toContain('compensation of step 2');

    const id = `orders:${failed.saga.sagaId}/2/c`;
    const letters = await eventually('the dead letters of both services', async () => {
      const all = (await (await fetch(urlOf('gateway', '/api/admin/dead-letters'), { headers: headers() })).json()) as {
        id: string;
        service: string;
      }[];
      const ours = all.filter((l) => l.id === id || l.id === `inventory:${failed.saga.sagaId}/2/c`);
      return ours.length === 2 ? ours : undefined;
    });
    expect(letters.map((l) => l.service).sort()).toEqual(['inventory', 'orders']);

    // The operator fixes the cause, then replays the orchestrator's dead letter.
    await withInventoryDb((query) => query('UPDATE products SET reserved = reserved + 5 WHERE sku = ?', [sku]));
    const replay = await fetch(urlOf('gateway', `/api/admin/dead-letters/${encodeURIComponent(id)}/replay`), {
      method: 'POST',
      headers: headers(),
    });
    expect(replay.status).toBe(202);

    const compensated = await orderWhen(
      orderId,
      'to be COMPENSATED after the replay',
      (o) => o.saga.status === 'COMPENSATED',
      30_000,
    );
    expect(compensated.status).toBe('CANCELLED');
    expect(compensated.saga.steps.map((s) => s.compensation?.state ?? null)).toEqual([
      'SUCCEEDED',
      'SUCCEEDED',
      'SKIPPED',
      null,
      null,
      null,
    ]);
    expect((await stockOf([sku]))[sku]).toEqual(before);
  }, 150_000);
});
