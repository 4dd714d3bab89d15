import { Registry } from 'prom-client';

import { MetricsSource, WriteBehindMetrics } from './write-behind.metrics';

function source(name: string, backlog: number, lagSeconds: number): MetricsSource {
  return { name, stats: async () => ({ backlog, lagSeconds }) };
}

describe('WriteBehindMetrics', () => {
  it('shares one metric family per registry, labelled by store', async () => {
    const registry = new Registry();
    const metrics = WriteBehindMetrics.for(registry);
    expect(WriteBehindMetrics.for(registry)).toBe(metrics);

    metrics.accepted.inc({ store: 'orders' }, 3);
    metrics.accepted.inc({ store: 'events' });
    const text = await registry.metrics();
    expect(text).toContain('write_behind_accepted_total{store="orders"} 3');
    expect(text).toContain('write_behind_accepted_total{store="events"} 1');
  });

  it('reads backlog and lag from every tracked store at scrape time', async () => {
    const registry = new Registry();
    const metrics = WriteBehindMetrics.for(registry);
    metrics.track(source('orders', 12, 1.5));
    metrics.track(source('events', 0, 0));
    const text = await registry.metrics();
    expect(text).toContain('write_behind_pending{store="orders"} 12');
    expect(text).toContain('write_behind_lag_seconds{store="orders"} 1.5');
    expect(text).toContain('write_behind_pending{store="events"} 0');
  });

  it('keeps the scrape working when a store cannot reach Redis', async () => {
    const registry = new Registry();
    const metrics = WriteBehindMetrics.for(registry);
    metrics.track({ name: 'broken', stats: () => Promise.reject(new Error('ECONNREFUSED')) });
    metrics.track(source('orders', 2, 0.1));
    await expect(registry.metrics()).resolves.toContain('write_behind_pending{store="orders"} 2');
  });

  it('stops reporting a store once untracked', async () => {
    const registry = new Registry();
    const metrics = WriteBehindMetrics.for(registry);
    const orders = source('orders', 5, 0);
    metrics.track(orders);
    metrics.untrack(orders);
    expect(await registry.metrics()).not.toContain('write_behind_pending{store="orders"}');
  });
});
