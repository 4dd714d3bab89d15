import { TcpProxy } from '@shop/platform/testing';

import { eventually, fleetCli, processNamed, startExtraInstance, stopFleetProcess, urlOf } from '../support/fleet';
import {
  adminHeaders,
  clearAllFaults,
  finalOrder,
  orderBody,
  placeOrder,
  setFaults,
  withInventoryDb,
} from './saga-support';

const SKU = 'CAT-TOY-MOUSE';
/** Well past the ~1.4 s after which a consumer used to give up on a message and drop it. */
const OUTAGE_MS = 10_000;

async function reservationOf(orderId: string): Promise<{ saga_id: string; status: string } | undefined> {
  return withInventoryDb(async (query) => {
    const [row] = (await query('SELECT saga_id, status FROM reservations WHERE order_id = ?', [orderId])) as {
      saga_id: string;
      status: string;
    }[];
    return row;
  });
}

// Inventory runs behind a TCP proxy in front of its MySQL, which the test cuts while the
// one-shot COMMIT_STOCK of a paid order arrives. Nothing re-sends that command: before, inventory
// gave up after its four local attempts, dead-lettered it and committed the offset, and the paid
// order's units stayed reserved until the expiry put them back on sale.
describe('a participant whose database is down loses no message', () => {
  const inventory = processNamed('inventory');
  const proxy = new TcpProxy({
    host: inventory.env.MYSQL_HOST ?? '127.0.0.1',
    port: Number(inventory.env.MYSQL_PORT ?? 3306),
  });

  afterAll(async () => {
    await clearAllFaults();
    await proxy.cut();
    await fleetCli('start');
  });

  it('applies a stock commit that arrived during a 10 s MySQL outage once MySQL is back', async () => {
    await proxy.start();
    await stopFleetProcess('inventory');
    const instance = await startExtraInstance('inventory', inventory.port + 901, { MYSQL_PORT: String(proxy.port) });
    try {
      // A slow (but in-time) provider leaves a window between the reservation and the commit.
      await setFaults('payment-provider', { latencyMs: 1_500 });
      const orderId = await placeOrder(orderBody([{ sku: SKU, quantity: 1 }]));
      const reservation = await eventually('the reservation', () => reservationOf(orderId));
      expect(reservation.status).toBe('RESERVED');
      await proxy.cut();
      const cutAt = Date.now();

      // The saga completes without inventory: the commit is sent into the outage.
      expect((await finalOrder(orderId)).saga.status).toBe('COMPLETED');
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, OUTAGE_MS - (Date.now() - cutAt))));
      expect((await reservationOf(orderId))?.status).toBe('RESERVED');

      await proxy.restore();
      const settled = await eventually(
        'the reservation to settle',
        async () => {
          const status = (await reservationOf(orderId))?.status;
          return status === 'RESERVED' ? undefined : status;
        },
        60_000,
      );
      expect(settled).toBe('COMMITTED');

      const letters = (await (
        await fetch(urlOf('gateway', '/api/admin/dead-letters'), { headers: adminHeaders() })
      ).json()) as {
        id: string;
      }[];
      expect(letters.map((letter) => letter.id)).not.toContain(`inventory:${reservation.saga_id}/2/k`);
    } finally {
      await instance.stop();
    }
  }, 120_000);
});
