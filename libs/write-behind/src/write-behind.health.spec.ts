import { HealthIndicatorService } from '@nestjs/terminus';

import { WriteBehindHealthIndicator } from './write-behind.health';
import type { WriteBehindStats } from './write-behind.options';
import type { WriteBehindStore } from './write-behind.store';

function storeWith(stats: Partial<WriteBehindStats> | Error): WriteBehindStore<unknown> {
  const full: WriteBehindStats = {
    backlog: 0,
    maxBacklog: 100,
    lagSeconds: 0,
    inFlight: 0,
    retrying: 0,
    deadLetters: 0,
    mysqlPaused: false,
    ...(stats instanceof Error ? {} : stats),
  };
  return {
    name: 'orders',
    stats: () => (stats instanceof Error ? Promise.reject(stats) : Promise.resolve(full)),
  } as unknown as WriteBehindStore<unknown>;
}

describe('WriteBehindHealthIndicator', () => {
  const indicator = new WriteBehindHealthIndicator(new HealthIndicatorService());

  it('stays up while MySQL is down and the backlog still has room', async () => {
    const result = await indicator.isHealthy(storeWith({ backlog: 99, lagSeconds: 42.1234, mysqlPaused: true }));
    expect(result).toEqual({
      'write-behind-orders': {
        status: 'up',
        backlog: 99,
        maxBacklog: 100,
        lagSeconds: 42.123,
        deadLetters: 0,
        mysqlPaused: true,
      },
    });
  });

  it('is down when the backlog is full', async () => {
    const result = await indicator.isHealthy(storeWith({ backlog: 100 }), 'orders-writes');
    expect(result['orders-writes']).toMatchObject({ status: 'down', backlog: 100 });
  });

  it('is down when Redis cannot be read', async () => {
    const result = await indicator.isHealthy(storeWith(new Error('ECONNREFUSED')));
    expect(result['write-behind-orders']).toMatchObject({
      status: 'down',
      message: expect.stringContaining('ECONNREFUSED'),
    });
  });
});
