/**
 * True for errors that describe a bad request rather than a sick dependency: an HTTP-style
 * `status`/`statusCode` (or `response.status`) in 400–499, except 408 (timeout) and 429 (rate
 * limited). Used as the default "ignore" predicate of registry breakers and "do not retry"
 * predicate of registry retries, so a validation error never trips a circuit.
 */
export function isClientError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { status?: unknown; statusCode?: unknown; response?: { status?: unknown } };
  const status = e.status ?? e.statusCode ?? e.response?.status;
  return typeof status === 'number' && status >= 400 && status < 500 && status !== 408 && status !== 429;
}
