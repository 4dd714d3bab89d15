import { Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';

import { GATEWAY_SETTINGS, GatewaySettings } from '../common/gateway-settings';

/** Where a saga's trace is: its id and the page of the tracing UI that shows it. */
export interface SagaTrace {
  traceId: string;
  url: string;
}

const WEEK_MS = 7 * 24 * 3600 * 1000;

/**
 * Finds the trace of a saga in Zipkin (`TRACE_UI_URL`): orders tags every step span with
 * `saga.id`, so one query by that tag names the trace, without storing trace ids anywhere.
 */
@Injectable()
export class SagaTraceService {
  constructor(@Inject(GATEWAY_SETTINGS) private readonly settings: GatewaySettings) {}

  /** Undefined when tracing has no UI configured or Zipkin holds no span of the saga. */
  async traceOf(sagaId: string): Promise<SagaTrace | undefined> {
    const ui = this.settings.TRACE_UI_URL?.replace(/\/+$/, '');
    if (!ui) return undefined;
    const query = new URL('/api/v2/traces', ui);
    query.searchParams.set('serviceName', 'orders');
    query.searchParams.set('annotationQuery', `saga.id=${sagaId}`);
    query.searchParams.set('lookback', String(WEEK_MS));
    query.searchParams.set('limit', '1');
    let traces: { traceId: string }[][];
    try {
      const response = await fetch(query, { signal: AbortSignal.timeout(3000) });
      if (!response.ok) throw new Error(`Zipkin answered ${response.status}`);
      traces = (await response.json()) as { traceId: string }[][];
    } catch (error) {
      throw new ServiceUnavailableException(`tracing backend unavailable: ${(error as Error).message}`);
    }
    const traceId = traces[0]?.[0]?.traceId;
    return traceId ? { traceId, url: `${ui}/traces/${traceId}` } : undefined;
  }
}
