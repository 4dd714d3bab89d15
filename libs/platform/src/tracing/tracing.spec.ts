import { context, propagation, ROOT_CONTEXT, SpanKind, trace, TraceFlags } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { SamplingDecision } from '@opentelemetry/sdk-trace-base';

import { JsonLogger } from '../logging/json-logger';
import { currentTraceId, currentTraceparent, withTraceparent } from './trace-context';
import { NoOrphanClientSpans, samplerFromEnv } from './tracing-sampler';
import { serviceNameOf, tracingEnabled } from './tracing-switch';

const SPAN = {
  traceId: '0af7651916cd43dd8448eb211c80319c',
  spanId: 'b7ad6b7169203331',
  traceFlags: TraceFlags.SAMPLED,
};
const TRACEPARENT = `00-${SPAN.traceId}-${SPAN.spanId}-01`;

describe('tracing switch', () => {
  it('is on only with an exporter named and the SDK not disabled', () => {
    expect(tracingEnabled({})).toBe(false);
    expect(tracingEnabled({ OTEL_TRACES_EXPORTER: 'none' })).toBe(false);
    expect(tracingEnabled({ OTEL_TRACES_EXPORTER: 'zipkin' })).toBe(true);
    expect(tracingEnabled({ OTEL_TRACES_EXPORTER: 'zipkin', OTEL_SDK_DISABLED: 'true' })).toBe(false);
    expect(tracingEnabled({ OTEL_TRACES_EXPORTER: 'otlp', OTEL_SDK_DISABLED: 'false' })).toBe(true);
  });

  it('names the service from OTEL_SERVICE_NAME, then SERVICE_NAME, then the app folder of the script', () => {
    expect(serviceNameOf({ OTEL_SERVICE_NAME: 'a', SERVICE_NAME: 'b' })).toBe('a');
    expect(serviceNameOf({ SERVICE_NAME: 'b' })).toBe('b');
    expect(serviceNameOf({}, '/srv/dist/apps/orders/src/main.js')).toBe('orders');
  });
});

describe('sampling', () => {
  const sample = (sampler: ReturnType<typeof samplerFromEnv>, kind: SpanKind, parent = ROOT_CONTEXT) =>
    sampler.shouldSample(parent, SPAN.traceId, 'x', kind, {}, []).decision;

  it('reads OTEL_TRACES_SAMPLER and its ratio (default parent-based, always on)', () => {
    expect(samplerFromEnv({}).toString()).toContain('ParentBased{root=AlwaysOnSampler');
    expect(samplerFromEnv({ OTEL_TRACES_SAMPLER: 'always_off' }).toString()).toBe('AlwaysOffSampler');
    expect(
      samplerFromEnv({ OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.25' }).toString(),
    ).toContain('TraceIdRatioBased{0.25}');
  });

  it('never starts a trace with a client span (a background query), but keeps one inside a trace', () => {
    const sampler = new NoOrphanClientSpans(samplerFromEnv({}));
    expect(sample(sampler, SpanKind.CLIENT)).toBe(SamplingDecision.NOT_RECORD);
    expect(sample(sampler, SpanKind.SERVER)).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    expect(sample(sampler, SpanKind.CONSUMER)).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    const inTrace = trace.setSpanContext(ROOT_CONTEXT, SPAN);
    expect(sample(sampler, SpanKind.CLIENT, inTrace)).toBe(SamplingDecision.RECORD_AND_SAMPLED);
  });
});

describe('trace context', () => {
  it('without an SDK: no traceparent, no trace id, work runs as it is', () => {
    expect(currentTraceparent()).toBeNull();
    expect(currentTraceId()).toBeUndefined();
    expect(withTraceparent(null, () => 42)).toBe(42);
  });

  describe('with W3C propagation and a context manager (what the SDK registers)', () => {
    const manager = new AsyncLocalStorageContextManager();
    beforeAll(() => {
      context.setGlobalContextManager(manager.enable());
      propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    });
    afterAll(() => {
      context.disable();
      propagation.disable();
    });

    it('stores the active span as a traceparent and continues it later, across an await', async () => {
      const stored = context.with(trace.setSpanContext(ROOT_CONTEXT, SPAN), () => currentTraceparent());
      expect(stored).toBe(TRACEPARENT);
      const continued = await withTraceparent(stored, async () => {
        await new Promise((r) => setImmediate(r));
        return currentTraceId();
      });
      expect(continued).toBe(SPAN.traceId);
    });

    it('puts the trace id beside the correlation id in every log line of the trace', () => {
      const lines: string[] = [];
      const logger = new JsonLogger('orders', 'info', (line) => lines.push(line));
      withTraceparent(TRACEPARENT, () => logger.log('inside'));
      logger.log('outside');
      expect(JSON.parse(lines[0])).toMatchObject({ msg: 'inside', traceId: SPAN.traceId });
      expect(JSON.parse(lines[1])).not.toHaveProperty('traceId');
    });
  });
});
