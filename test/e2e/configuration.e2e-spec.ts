import { runApp } from './support/fleet';

describe('configuration is validated at start-up', () => {
  it('a bad variable stops the app with exit code 1 and a message naming it', async () => {
    const { code, output } = await runApp('orders', { PORT: '0', KAFKA_BROKERS: 'not a broker list' });
    expect(code).toBe(1);
    expect(output).toContain('Invalid environment');
    expect(output).toMatch(/PORT \(got 0\): PORT must not be less than 1/);
    expect(output).toContain('KAFKA_BROKERS must be a comma-separated list of host:port');
  });

  it('a missing required variable is named', async () => {
    const { code, output } = await runApp('gateway', { ADMIN_API_KEY: 'short' });
    expect(code).toBe(1);
    expect(output).toContain('ADMIN_API_KEY must be at least 16 characters');
  });
});
