/** The two servers we run on spell a statement's time limit differently. */
export type SqlFlavour = 'mariadb' | 'mysql';

export const flavourOf = (version: string): SqlFlavour => (/mariadb/i.test(version) ? 'mariadb' : 'mysql');

/**
 * `select` with a server-side time limit, so the server itself stops a statement that runs too
 * long (and frees the connection) instead of the client merely ceasing to wait:
 * MariaDB `SET STATEMENT max_statement_time=<s> FOR SELECT …`, MySQL the optimizer hint
 * `SELECT /*+ MAX_EXECUTION_TIME(<ms>) *\/ …`. `ms` is computed by us, never taken from a request;
 * it is still forced to a positive integer before it is written into the SQL.
 */
export function withStatementTimeout(select: string, ms: number, flavour: SqlFlavour): string {
  if (!/^\s*SELECT\s/i.test(select)) throw new Error('a statement timeout applies to a SELECT');
  const limit = Math.max(1, Math.ceil(Number.isFinite(ms) ? ms : 1));
  if (flavour === 'mariadb')
    return `SET STATEMENT max_statement_time=${(limit / 1000).toFixed(3)} FOR ${select.trim()}`;
  return select.trim().replace(/^SELECT\s/i, `SELECT /*+ MAX_EXECUTION_TIME(${limit}) */ `);
}

/** Whether a driver error is the server stopping a statement at its time limit. */
export function isStatementTimeout(error: unknown): boolean {
  const { errno, code } = (error ?? {}) as { errno?: number; code?: string };
  // MariaDB ER_STATEMENT_TIMEOUT (1969); MySQL ER_QUERY_TIMEOUT (3024).
  return errno === 1969 || errno === 3024 || code === 'ER_STATEMENT_TIMEOUT' || code === 'ER_QUERY_TIMEOUT';
}
