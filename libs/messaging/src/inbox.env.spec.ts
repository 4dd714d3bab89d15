import { MysqlServiceEnv, validateEnvWith } from '@shop/platform';

import { DEFAULT_INBOX_RETENTION_HOURS, WithInboxEnv } from './inbox.env';

const validate = validateEnvWith(class extends WithInboxEnv(MysqlServiceEnv) {});
const base = { SERVICE_NAME: 'orders', PORT: '3001', KAFKA_BROKERS: '127.0.0.1:9092', MYSQL_DATABASE: 'orders' };

describe('WithInboxEnv', () => {
  it('adds INBOX_RETENTION_HOURS to an env class, with its default', () => {
    expect(validate(base)).toMatchObject({
      INBOX_RETENTION_HOURS: DEFAULT_INBOX_RETENTION_HOURS,
      MYSQL_DATABASE: 'orders',
    });
    expect(validate({ ...base, INBOX_RETENTION_HOURS: '48' })).toMatchObject({ INBOX_RETENTION_HOURS: 48 });
  });

  it('refuses a retention below one hour at start-up, naming the variable', () => {
    expect(() => validate({ ...base, INBOX_RETENTION_HOURS: '0' })).toThrow(/INBOX_RETENTION_HOURS \(got 0\)/);
  });
});
