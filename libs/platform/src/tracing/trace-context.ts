import {
  Attributes,
  context,
  isSpanContextValid,
  propagation,
  ROOT_CONTEXT,
  Span,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';

// Only @opentelemetry/api here: without a registered SDK (tracing off) every call below is a
// no-op on the API's own non-recording objects, a few hundred nanoseconds at most.
const tracer = trace.getTracer('@shop/platform');

/** The response header that names the request's trace id (every app, when tracing is on). */
export const TRACE_ID_HEADER = 'x-trace-id';

/** The W3C `traceparent` of the active span, to store or send where context cannot flow by itself. */
export function currentTraceparent(): string | null {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent ?? null;
}

/** Runs `work` as a continuation of the trace named by `traceparent` (or as it is, without one). */
export function withTraceparent<T>(traceparent: string | null | undefined, work: () => T): T {
  if (!traceparent) return work();
  return context.with(propagation.extract(ROOT_CONTEXT, { traceparent }), work);
}

/** The id of the active trace, for log lines; undefined outside a (sampled or not) trace. */
export function currentTraceId(): string | undefined {
  const span = trace.getActiveSpan();
  if (!span) return undefined;
  const spanContext = span.spanContext();
  return isSpanContextValid(spanContext) ? spanContext.traceId : undefined;
}

/**
 * Runs `work` in a new active span `name` (a child of the active one): an error thrown by `work`
 * is recorded on the span and rethrown; the span ends when `work` settles.
 */
export async function inSpan<T>(name: string, attributes: Attributes, work: (span: Span) => Promise<T>): Promise<T> {
  return tracer.startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      throw error;
    } finally {
      span.end();
    }
  });
}
