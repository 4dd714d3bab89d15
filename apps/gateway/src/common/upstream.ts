import { CORRELATION_ID_HEADER } from '@shop/contracts';
import { currentCorrelationId } from '@shop/platform';
import { deadlineHttpHeaders } from '@shop/resilience';

/** An upstream HTTP answer that was not 2xx; `status` lets breakers ignore 4xx (see isClientError). */
export class UpstreamError extends Error {
  override readonly name = 'UpstreamError';
  constructor(
    readonly upstream: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`${upstream} answered ${status}`);
  }
}

/**
 * JSON over HTTP to a fleet service or simulator, with the request's correlation id and the time
 * its caller has left (`x-timeout-ms`), aborted by `signal` (the resilience timeout). Non-2xx
 * answers throw {@link UpstreamError}.
 */
export async function upstreamJson<T>(
  upstream: string,
  url: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<T> {
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    signal: init.signal,
    headers: {
      accept: 'application/json',
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      [CORRELATION_ID_HEADER]: currentCorrelationId() ?? '',
      ...deadlineHttpHeaders(),
      ...init.headers,
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text for the error
  }
  if (!response.ok) throw new UpstreamError(upstream, response.status, body);
  return body as T;
}
