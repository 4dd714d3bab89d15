import { backendMetricsUrls } from './backend-targets';

describe('backendMetricsUrls', () => {
  it('keeps the advisor’s port offset on one machine (the e2e fleet adds 10000)', () => {
    expect(backendMetricsUrls('http://127.0.0.1:13005')).toEqual([
      { service: 'orders', url: 'http://127.0.0.1:13001/metrics' },
      { service: 'payments', url: 'http://127.0.0.1:13002/metrics' },
      { service: 'inventory', url: 'http://127.0.0.1:13003/metrics' },
      { service: 'notifications', url: 'http://127.0.0.1:13004/metrics' },
      { service: 'ml-advisor', url: 'http://127.0.0.1:13005/metrics' },
    ]);
  });

  it('uses the conventional ports on 127.0.0.1 when ML_ADVISOR_URL is not set', () => {
    expect(backendMetricsUrls(undefined)[1]).toEqual({ service: 'payments', url: 'http://127.0.0.1:3002/metrics' });
  });

  it('addresses services by name in compose and k8s', () => {
    expect(backendMetricsUrls('http://ml-advisor:3005')[0]).toEqual({
      service: 'orders',
      url: 'http://orders:3001/metrics',
    });
  });
});
