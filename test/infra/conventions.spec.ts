import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { loadConventions, parseConventions, REPO_ROOT, requiredAppEnv } from './conventions';

describe('conventions parser (docs/conventions.md as the source of the fleet)', () => {
  const conv = loadConventions();

  it('finds the six apps and three provider simulators with their ports', () => {
    expect(conv.apps).toEqual([
      { name: 'gateway', port: 3000 },
      { name: 'orders', port: 3001 },
      { name: 'payments', port: 3002 },
      { name: 'inventory', port: 3003 },
      { name: 'notifications', port: 3004 },
      { name: 'ml-advisor', port: 3005 },
    ]);
    expect(conv.providers).toEqual([
      { name: 'payment-provider-sim', port: 4001, kind: 'payment' },
      { name: 'carrier-sim', port: 4002, kind: 'carrier' },
      { name: 'notification-provider-sim', port: 4003, kind: 'notification' },
    ]);
    expect(conv.providerKinds).toEqual(['payment', 'carrier', 'notification']);
  });

  it('reads infra ports, env var names and the database of each app', () => {
    expect(conv.infraPorts['Kafka broker / controller']).toEqual([9092, 9093]);
    expect(conv.infraPorts['Redis']).toEqual([6379]);
    expect(conv.appEnv).toEqual(
      expect.arrayContaining(['SERVICE_NAME', 'PORT', 'KAFKA_BROKERS', 'ADMIN_API_KEY', 'ML_ADVISOR_URL']),
    );
    expect(conv.appEnv).not.toContain('PROVIDER_KIND');
    expect(conv.providerEnv).toEqual(['PROVIDER_KIND', 'PORT', 'ADMIN_API_KEY', 'HOST']);
    expect(conv.databases).toEqual({
      gateway: 'gateway',
      orders: 'orders',
      payments: 'payments',
      inventory: 'inventory',
      notifications: 'notifications',
      'ml-advisor': 'ml_advisor',
    });
  });

  it('drops MYSQL_* from what an app without a database must get', () => {
    // Every app owns a database today; take the gateway's out of the list to check the rule.
    const markdown = readFileSync(join(REPO_ROOT, 'docs', 'conventions.md'), 'utf8');
    const withoutGatewayDb = parseConventions(markdown.replace('`gateway`, `orders`', '`orders`'));
    expect(withoutGatewayDb.databases.gateway).toBeUndefined();
    expect(requiredAppEnv(withoutGatewayDb, 'gateway').some((n) => n.startsWith('MYSQL_'))).toBe(false);
    expect(requiredAppEnv(conv, 'gateway')).toContain('MYSQL_DATABASE');
    expect(requiredAppEnv(conv, 'orders')).toContain('MYSQL_DATABASE');
  });

  it('fails loudly when the document loses its app list', () => {
    expect(() => parseConventions('## Ports\n| a | 1 |\n')).toThrow(/app list/);
  });
});
