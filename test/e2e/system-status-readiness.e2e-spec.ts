import { TcpProxy } from '@shop/platform/testing';

import { eventually, fleetCli, processNamed, startExtraInstance, stopFleetProcess, urlOf } from './support/fleet';

interface ServiceEntry {
  name: string;
  status: string;
  reason?: string;
  checks?: Record<string, string>;
}

async function inventoryStatus(): Promise<ServiceEntry> {
  const body = (await (await fetch(urlOf('gateway', '/api/system/status'))).json()) as { services: ServiceEntry[] };
  return body.services.find((s) => s.name === 'inventory')!;
}

// The status a service reports is its readiness: inventory runs here behind a TCP proxy in front
// of its MySQL, which the test cuts for inventory alone.
describe('/api/system/status derives each service status from its readiness', () => {
  const inventory = processNamed('inventory');
  const proxy = new TcpProxy({
    host: inventory.env.MYSQL_HOST ?? '127.0.0.1',
    port: Number(inventory.env.MYSQL_PORT ?? 3306),
  });

  afterAll(async () => {
    await proxy.cut();
    await fleetCli('start');
  });

  it('reports inventory degraded, naming MySQL, while its MySQL is cut, and up again after', async () => {
    await proxy.start();
    await stopFleetProcess('inventory');
    const instance = await startExtraInstance('inventory', inventory.port + 900, { MYSQL_PORT: String(proxy.port) });
    try {
      const before = await eventually('inventory up', async () => {
        const s = await inventoryStatus();
        return s.status === 'up' ? s : undefined;
      });
      expect(before.checks).toMatchObject({ mysql: 'up', kafka: 'up', resilience: 'up' });

      await proxy.cut();
      const cut = await eventually('inventory degraded', async () => {
        const s = await inventoryStatus();
        return s.status === 'degraded' ? s : undefined;
      });
      expect(cut.reason).toMatch(/^mysql down/);
      expect(cut.checks).toMatchObject({ mysql: 'down', kafka: 'up' });
      expect((await fetch(instance.url('/health/ready'))).status).toBe(503);

      await proxy.restore();
      const after = await eventually('inventory up again', async () => {
        const s = await inventoryStatus();
        return s.status === 'up' ? s : undefined;
      });
      expect(after.reason).toBeUndefined();
    } finally {
      await instance.stop();
    }
  });
});
