import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { Kafka, logLevel } from 'kafkajs';

import { eventually, fleet, fleetCli, pidOf, RUN_DIR, stopFleetProcess, urlOf } from './support/fleet';

describe('graceful shutdown', () => {
  const kafka = () =>
    new Kafka({ clientId: 'e2e-shutdown', brokers: fleet().kafkaBrokers.split(','), logLevel: logLevel.NOTHING });

  afterAll(() => fleetCli('start'));

  it('on SIGTERM a service leaves its consumer group at once and exits', async () => {
    const admin = kafka().admin();
    await admin.connect();
    try {
      // Both of inventory's consumers: the main one and the catalogue's own.
      const membersOf = async () =>
        (await admin.describeGroups(['inventory-server', 'inventory-catalogue-server'])).groups.map(
          (group) => group.members.length,
        );
      expect(await membersOf()).toEqual([1, 1]);

      const started = Date.now();
      await stopFleetProcess('inventory');
      // Without an explicit LeaveGroup the member would linger until its session timed out (10 s).
      expect(await membersOf()).toEqual([0, 0]);
      expect(Date.now() - started).toBeLessThan(8000);
      expect(pidOf('inventory')).toBeUndefined();
      const log = readFileSync(join(RUN_DIR, 'logs', 'inventory.log'), 'utf8');
      expect(log).toContain('received SIGTERM, shutting down');
      expect(log).not.toContain('shutdown grace period over');
    } finally {
      await admin.disconnect();
    }
  });

  it('comes back and answers again after a restart', async () => {
    await fleetCli('start');
    const status = await eventually('inventory to answer the status round trip', async () => {
      const body = (await (await fetch(urlOf('gateway', '/api/system/status'))).json()) as {
        services: { name: string; status: string }[];
      };
      return body.services.find((s) => s.name === 'inventory' && s.status === 'up');
    });
    expect(status.status).toBe('up');
  });
});
