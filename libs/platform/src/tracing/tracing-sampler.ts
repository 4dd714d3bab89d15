import { Attributes, Context, Link, SpanKind, trace } from '@opentelemetry/api';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  ParentBasedSampler,
  Sampler,
  SamplingDecision,
  SamplingResult,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-base';

import { TracesSampler } from './tracing-switch';

/** The sampler `OTEL_TRACES_SAMPLER` and `OTEL_TRACES_SAMPLER_ARG` name (default: parentbased_always_on). */
export function samplerFromEnv(env: NodeJS.ProcessEnv): Sampler {
  const arg = Number(env.OTEL_TRACES_SAMPLER_ARG ?? '1');
  const ratio = Number.isFinite(arg) && arg >= 0 && arg <= 1 ? arg : 1;
  switch (env.OTEL_TRACES_SAMPLER as TracesSampler | undefined) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return new TraceIdRatioBasedSampler(ratio);
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio) });
    default:
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
  }
}

/**
 * Drops a trace that would start with a client span (a query, a Redis command, an outgoing HTTP
 * call, with nothing above it): those are the background loops' (outbox polls, sweepers,
 * flushers), several a second per app, which would bury the traces that explain a request.
 * Everything else is left to the configured sampler.
 */
export class NoOrphanClientSpans implements Sampler {
  constructor(private readonly delegate: Sampler) {}

  shouldSample(
    parent: Context,
    traceId: string,
    name: string,
    kind: SpanKind,
    attributes: Attributes,
    links: Link[],
  ): SamplingResult {
    if (kind === SpanKind.CLIENT && trace.getSpanContext(parent) === undefined)
      return { decision: SamplingDecision.NOT_RECORD };
    return this.delegate.shouldSample(parent, traceId, name, kind, attributes, links);
  }

  toString(): string {
    return `NoOrphanClientSpans{${this.delegate.toString()}}`;
  }
}
