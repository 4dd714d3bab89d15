import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';

import { eventually, fleet, processNamed, ROOT, RUN_DIR, urlOf } from '../support/fleet';
import { chargesOf, finalOrder, orderBody, placeOrder, stockOf } from './saga-support';

/** Messages of `topic` an orders process has consumed, from its Kafka counter. */
async function repliesConsumed(port: number): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  return Number(
    /kafka_messages_total\{topic="saga\.replies",direction="consumed",outcome="success"\} (\d+)/.exec(text)?.[1] ?? 0,
  );
}

describe('two orders replicas', () => {
  let replica: ChildProcess | undefined;
  const orders = () => processNamed('orders');
  const replicaPort = () => orders().port + 50;

  beforeAll(async () => {
    const out = openSync(join(RUN_DIR, 'logs', 'orders-replica.log'), 'a');
    replica = spawn(process.execPath, ['-r', 'tsconfig-paths/register', orders().script], {
      cwd: ROOT,
      env: {
        ...process.env,
        ...orders().env,
        PORT: String(replicaPort()),
        TS_NODE_BASEURL: './dist',
        TS_NODE_PROJECT: 'tsconfig.base.json',
      },
      stdio: ['ignore', out, out],
    });
    closeSync(out);
    await eventually(
      'the second replica to be ready (joined the consumer group)',
      async () =>
        (await fetch(`http://127.0.0.1:${replicaPort()}/health/ready`).catch(() => undefined))?.status === 200
          ? true
          : undefined,
      60_000,
    );
  }, 70_000);

  afterAll(async () => {
    if (!replica || replica.exitCode !== null) return;
    const exited = new Promise((resolve) => replica!.once('exit', resolve));
    replica.kill('SIGTERM');
    await exited;
    // The group rebalances as the replica leaves: wait until orders answers again, so the suites
    // that follow do not meet the rebalance.
    await eventually('orders to answer after the rebalance', async () =>
      (
        await fetch(urlOf('gateway', '/api/sagas?limit=1'), { headers: { 'x-admin-key': fleet().adminApiKey } }).catch(
          () => undefined,
        )
      )?.status === 200
        ? true
        : undefined,
    );
  }, 60_000);

  it('share the sagas and complete each exactly once: one reservation, one sale, one charge per order', async () => {
    const sku = 'CAT-LITTER-10L';
    const before = (await stockOf([sku]))[sku];
    const seen = [await repliesConsumed(orders().port), await repliesConsumed(replicaPort())];
    const quantities = Array.from({ length: 40 }, (_, i) => 1 + (i % 2));
    const orderIds = await Promise.all(
      quantities.map((quantity) => placeOrder(orderBody([{ sku, quantity }]), randomUUID())),
    );
    const finals = await Promise.all(orderIds.map((id) => finalOrder(id, 60_000)));

    for (const order of finals) {
      expect(order.saga.status).toBe('COMPLETED');
      expect(order.saga.steps.every((s) => s.state === 'SUCCEEDED' && s.compensation === null)).toBe(true);
      const charges = await chargesOf(order.orderId);
      expect(charges).toHaveLength(1);
      expect(charges[0]).toMatchObject({ status: 'captured', refunded: false, amount: order.total! / 100 });
    }
    // A saga driven twice at once would reserve or sell twice; stock moved by exactly the orders.
    const sold = quantities.reduce((sum, q) => sum + q, 0);
    const after = await eventually('every sale to be committed', async () => {
      const stock = (await stockOf([sku]))[sku];
      return stock.sold === before.sold + sold ? stock : undefined;
    });
    expect(after).toEqual({ available: before.available - sold, reserved: before.reserved, sold: before.sold + sold });
    const consumed = [
      (await repliesConsumed(orders().port)) - seen[0],
      (await repliesConsumed(replicaPort())) - seen[1],
    ];
    expect(consumed[0]).toBeGreaterThan(0);
    expect(consumed[1]).toBeGreaterThan(0);
  }, 90_000);
});
