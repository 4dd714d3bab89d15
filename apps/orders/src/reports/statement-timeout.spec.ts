import { flavourOf, isStatementTimeout, withStatementTimeout } from './statement-timeout';

describe('withStatementTimeout', () => {
  it('prefixes MariaDB statements with SET STATEMENT max_statement_time in seconds', () => {
    expect(withStatementTimeout(' SELECT 1 FROM orders WHERE id = ?', 1500, 'mariadb')).toBe(
      'SET STATEMENT max_statement_time=1.500 FOR SELECT 1 FROM orders WHERE id = ?',
    );
  });

  it('gives MySQL the MAX_EXECUTION_TIME hint in milliseconds', () => {
    expect(withStatementTimeout('SELECT 1', 1500, 'mysql')).toBe('SELECT /*+ MAX_EXECUTION_TIME(1500) */ 1');
  });

  it('never writes a zero, negative, fractional or non-numeric limit into the SQL', () => {
    expect(withStatementTimeout('SELECT 1', 0, 'mariadb')).toBe('SET STATEMENT max_statement_time=0.001 FOR SELECT 1');
    expect(withStatementTimeout('SELECT 1', -20, 'mysql')).toContain('MAX_EXECUTION_TIME(1)');
    expect(withStatementTimeout('SELECT 1', 10.2, 'mysql')).toContain('MAX_EXECUTION_TIME(11)');
    expect(withStatementTimeout('SELECT 1', Number.NaN, 'mariadb')).toContain('max_statement_time=0.001');
  });

  it('refuses anything but a SELECT', () => {
    expect(() => withStatementTimeout('UPDATE orders SET status = ?', 100, 'mariadb')).toThrow(/SELECT/);
  });
});

describe('flavourOf / isStatementTimeout', () => {
  it('tells MariaDB from MySQL by the version string', () => {
    expect(flavourOf('10.11.19-MariaDB-0+deb12u1')).toBe('mariadb');
    expect(flavourOf('8.0.40')).toBe('mysql');
  });

  it('recognises both servers’ timeout errors and nothing else', () => {
    expect(isStatementTimeout({ errno: 1969, code: 'ER_STATEMENT_TIMEOUT' })).toBe(true);
    expect(isStatementTimeout({ errno: 3024 })).toBe(true);
    expect(isStatementTimeout({ errno: 1064, code: 'ER_PARSE_ERROR' })).toBe(false);
    expect(isStatementTimeout(undefined)).toBe(false);
  });
});
