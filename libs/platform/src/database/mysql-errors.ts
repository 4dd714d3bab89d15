// Failures that say nothing about the statement itself: MySQL is unreachable, restarting,
// overloaded or chose our statement as a deadlock victim. Work that fails this way is tried
// again later untouched (the write-behind flusher puts its batch back, a Kafka consumer leaves
// the message uncommitted), so an outage of any length loses nothing and sends nothing to a
// dead-letter list.
const TRANSIENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR',
  'PROTOCOL_ENQUEUE_AFTER_QUIT',
  'ER_CON_COUNT_ERROR',
  'ER_TOO_MANY_USER_CONNECTIONS',
  'ER_LOCK_DEADLOCK',
  'ER_LOCK_WAIT_TIMEOUT',
  'ER_SERVER_SHUTDOWN',
  'ER_QUERY_INTERRUPTED',
  'ER_OPTION_PREVENTS_STATEMENT', // read-only replica during a failover
  'ER_CONNECTION_KILLED',
  'ER_NET_READ_INTERRUPTED',
  'ER_NET_WRITE_INTERRUPTED',
]);

/**
 * True when a mysql2 error means "try the same batch again later" rather than
 * "these rows are rejected". Anything unknown counts as a rejection so that a poison
 * row ends in the dead-letter list instead of blocking the queue forever.
 */
export function isTransientMysqlError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, fatal } = error as { code?: unknown; fatal?: unknown };
  if (typeof code === 'string' && TRANSIENT_CODES.has(code)) return true;
  // mysql2 marks errors that broke the connection as fatal; the rows were never judged.
  if (fatal === true) return true;
  // Connection-level timeouts raised by mysql2 itself carry no code.
  return error instanceof Error && /connect ETIMEDOUT|Connection lost|Pool is closed/i.test(error.message);
}
