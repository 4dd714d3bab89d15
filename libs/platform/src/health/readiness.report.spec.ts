import type { ReadinessCheck } from './readiness.registry';
import { readinessReport } from './readiness.report';

describe('readinessReport: the status an app reports is its readiness', () => {
  const up = () => ({ kafka: { status: 'up' as const } });

  it('is up when every check is up', async () => {
    const report = await readinessReport(new Map<string, ReadinessCheck>([['kafka', up]]));
    expect(report).toEqual({ status: 'up', ready: true, checks: { kafka: { status: 'up' } } });
  });

  it('a check that is down, throws or does not answer in time makes it degraded and not ready, naming it', async () => {
    jest.useFakeTimers();
    try {
      const pending = readinessReport(
        new Map<string, ReadinessCheck>([
          ['kafka', up],
          ['mysql', () => ({ mysql: { status: 'down' as const, message: 'timeout of 1500ms exceeded' } })],
          ['redis', () => Promise.reject(new Error('ECONNREFUSED'))],
          ['slow', () => new Promise<never>(() => undefined)],
        ]),
        500,
      );
      await jest.advanceTimersByTimeAsync(500);
      const report = await pending;
      expect(report.status).toBe('degraded');
      expect(report.ready).toBe(false);
      expect(report.reason).toBe(
        'mysql down: timeout of 1500ms exceeded; redis down: ECONNREFUSED; slow down: no answer within 500 ms',
      );
    } finally {
      jest.useRealTimers();
    }
  });

  it('degraded parts (a degradable breaker open) keep it ready but degraded; critical ones make it not ready', async () => {
    const degradable = await readinessReport(
      new Map<string, ReadinessCheck>([
        ['resilience', () => ({ resilience: { status: 'up' as const, degraded: ['carrier'], critical: [] } })],
      ]),
    );
    expect(degradable).toMatchObject({
      status: 'degraded',
      ready: true,
      reason: 'resilience degraded: carrier degraded',
    });
    const critical = await readinessReport(
      new Map<string, ReadinessCheck>([
        [
          'resilience',
          () => ({
            resilience: { status: 'down' as const, degraded: ['payment_provider'], critical: ['payment_provider'] },
          }),
        ],
      ]),
    );
    expect(critical).toMatchObject({
      status: 'degraded',
      ready: false,
      reason: 'resilience down: payment_provider unavailable',
    });
  });
});
