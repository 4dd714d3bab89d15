import { isTransientMysqlError } from './mysql-errors';

function mysqlError(code: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(code), { code }, extra);
}

describe('isTransientMysqlError', () => {
  it.each(['ECONNREFUSED', 'PROTOCOL_CONNECTION_LOST', 'ER_LOCK_DEADLOCK', 'ER_CON_COUNT_ERROR'])(
    'treats %s as an outage, not a rejection',
    (code) => {
      expect(isTransientMysqlError(mysqlError(code))).toBe(true);
    },
  );

  it('treats any fatal connection error as transient', () => {
    expect(isTransientMysqlError(mysqlError('SOMETHING_NEW', { fatal: true }))).toBe(true);
  });

  it.each(['ER_DATA_TOO_LONG', 'ER_BAD_NULL_ERROR', 'ER_TRUNCATED_WRONG_VALUE', 'ER_NO_SUCH_TABLE'])(
    'treats %s as a rejection of the rows',
    (code) => {
      expect(isTransientMysqlError(mysqlError(code))).toBe(false);
    },
  );

  it('treats unknown values as rejections', () => {
    expect(isTransientMysqlError(undefined)).toBe(false);
    expect(isTransientMysqlError(new Error('boom'))).toBe(false);
  });
});
