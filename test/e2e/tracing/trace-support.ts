import { randomUUID } from 'node:crypto';

import { OrderBody } from '../saga/saga-support';
import { eventually, fleet, urlOf } from '../support/fleet';

/** One span as Zipkin's v2 API returns it. */
export interface ZipkinSpan {
  traceId: string;
  id: string;
  parentId?: string;
  name: string;
  timestamp: number;
  duration?: number;
  kind?: string;
  localEndpoint: { serviceName: string };
  tags?: Record<string, string>;
}

/** Places an order; returns its id and the trace id the gateway answered with (`x-trace-id`). */
export async function placeTracedOrder(body: OrderBody): Promise<{ orderId: string; traceId: string }> {
  const response = await fetch(urlOf('gateway', '/api/orders'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as { orderId?: string };
  if (response.status !== 202) throw new Error(`POST /api/orders answered ${response.status}`);
  const traceId = response.headers.get('x-trace-id');
  if (!traceId) throw new Error('the gateway answered without an x-trace-id header');
  return { orderId: String(answer.orderId), traceId };
}

/** The trace as Zipkin has it now (empty while none of its spans has arrived). */
export async function traceFromZipkin(traceId: string): Promise<ZipkinSpan[]> {
  const response = await fetch(`${fleet().zipkinUrl}/api/v2/trace/${traceId}`);
  if (response.status === 404) return [];
  if (response.status !== 200) throw new Error(`Zipkin answered ${response.status}`);
  return (await response.json()) as ZipkinSpan[];
}

/**
 * Polls Zipkin until the trace holds what `complete` asks for (spans arrive in batches from six
 * processes, half a second apart at most in the fleet), failing after `timeoutMs`.
 */
export function traceWhen(
  traceId: string,
  what: string,
  complete: (spans: ZipkinSpan[]) => boolean,
  timeoutMs = 30_000,
): Promise<ZipkinSpan[]> {
  return eventually(
    `trace ${traceId} ${what}`,
    async () => {
      const spans = await traceFromZipkin(traceId);
      return complete(spans) ? spans : undefined;
    },
    timeoutMs,
  );
}

export const named = (spans: ZipkinSpan[], name: string): ZipkinSpan[] => spans.filter((s) => s.name === name);

/** The saga's step spans (`saga step <name>`, Zipkin lower-cases names) in start order. */
export function stepSpans(spans: ZipkinSpan[]): ZipkinSpan[] {
  return spans.filter((s) => /^saga step [a-z_]+$/.test(s.name)).sort((a, b) => a.timestamp - b.timestamp);
}

/** Whether `descendant` has `ancestor` above it in the trace. */
export function descendsFrom(spans: ZipkinSpan[], descendant: ZipkinSpan, ancestor: ZipkinSpan): boolean {
  const byId = new Map(spans.map((s) => [s.id, s]));
  for (let s: ZipkinSpan | undefined = descendant; s; s = s.parentId ? byId.get(s.parentId) : undefined)
    if (s.parentId === ancestor.id) return true;
  return false;
}
