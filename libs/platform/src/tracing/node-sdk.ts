import type { IncomingMessage } from 'node:http';

import { ExpressInstrumentation, ExpressLayerType } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { KafkaJsInstrumentation } from '@opentelemetry/instrumentation-kafkajs';
import { MySQL2Instrumentation } from '@opentelemetry/instrumentation-mysql2';
import { NestInstrumentation } from '@opentelemetry/instrumentation-nestjs-core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';

import { appVersion } from '../bootstrap/app-version';
import { NoOrphanClientSpans, samplerFromEnv } from './tracing-sampler';
import { serviceNameOf } from './tracing-switch';

/** Probes and scrapes: polled every few seconds, they would be most of the traces and explain nothing. */
const UNTRACED_PATHS = /^\/(health|metrics|api\/admin\/dashboard\/state)(\/|\?|$)/;

/**
 * The instrumentations an app can run, by the names OpenTelemetry's Node distributions use in
 * `OTEL_NODE_ENABLED_INSTRUMENTATIONS` / `OTEL_NODE_DISABLED_INSTRUMENTATIONS` (the package name
 * without `@opentelemetry/instrumentation-`). Built only when enabled: constructing one patches
 * its library.
 */
const INSTRUMENTATIONS = {
  http: () =>
    new HttpInstrumentation({
      ignoreIncomingRequestHook: (request: IncomingMessage) => UNTRACED_PATHS.test(request.url ?? ''),
    }),
  // A span per middleware (body parsers, helmet, CORS, request id…) on every request says only
  // that they ran; the route, the Nest handler and everything downstream keep their spans.
  express: () => new ExpressInstrumentation({ ignoreLayersType: [ExpressLayerType.MIDDLEWARE] }),
  'nestjs-core': () => new NestInstrumentation(),
  kafkajs: () => new KafkaJsInstrumentation(),
  mysql2: () => new MySQL2Instrumentation(),
  ioredis: () => new IORedisInstrumentation({ requireParentSpan: true }),
} as const;

export type InstrumentationName = keyof typeof INSTRUMENTATIONS;

const namesIn = (list: string | undefined): Set<string> =>
  new Set(
    (list ?? '')
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean),
  );

/**
 * All of them, or those `OTEL_NODE_ENABLED_INSTRUMENTATIONS` lists, less those
 * `OTEL_NODE_DISABLED_INSTRUMENTATIONS` lists (the same rule as OpenTelemetry's Node
 * distributions). `mysql2` is the one to drop where throughput matters more than a span per
 * statement: 84 of an order's 136 spans (docs/performance.md).
 */
export function enabledInstrumentations(env: NodeJS.ProcessEnv): InstrumentationName[] {
  const all = Object.keys(INSTRUMENTATIONS) as InstrumentationName[];
  const enabled = namesIn(env.OTEL_NODE_ENABLED_INSTRUMENTATIONS);
  const disabled = namesIn(env.OTEL_NODE_DISABLED_INSTRUMENTATIONS);
  warnOfUnknown('OTEL_NODE_ENABLED_INSTRUMENTATIONS', enabled, all);
  warnOfUnknown('OTEL_NODE_DISABLED_INSTRUMENTATIONS', disabled, all);
  return all.filter((name) => (enabled.size === 0 || enabled.has(name)) && !disabled.has(name));
}

/**
 * A name this app does not run is ignored, as OpenTelemetry's distributions do (`fs` or `dns` are
 * theirs, not ours), but said once at start-up: `mysql` for `mysql2` would otherwise change nothing
 * without a word.
 */
function warnOfUnknown(variable: string, names: Set<string>, known: readonly string[]): void {
  const unknown = [...names].filter((name) => !known.includes(name));
  if (unknown.length === 0) return;
  process.emitWarning(
    `${variable}: ${unknown.join(', ')} ignored; this app's instrumentations are ${known.join(', ')}`,
  );
}

/** The enabled instrumentations, built (and so patching their libraries). */
export const createInstrumentations = (env: NodeJS.ProcessEnv) =>
  enabledInstrumentations(env).map((name) => INSTRUMENTATIONS[name]());

/**
 * The OpenTelemetry Node SDK of an app: HTTP, Express and Nest, kafkajs (W3C `traceparent` in
 * every message's headers, both ways), mysql2 and ioredis; service name and version as resource
 * attributes. The exporter (`OTEL_TRACES_EXPORTER`, `OTEL_EXPORTER_ZIPKIN_ENDPOINT` /
 * `OTEL_EXPORTER_OTLP_ENDPOINT`) and the batching (`OTEL_BSP_*`) are the SDK's own reading of the
 * environment; the sampler is `OTEL_TRACES_SAMPLER` / `OTEL_TRACES_SAMPLER_ARG` (tracing-sampler.ts).
 */
export function createNodeSdk(env: NodeJS.ProcessEnv): NodeSDK {
  return new NodeSDK({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: serviceNameOf(env),
      [ATTR_SERVICE_VERSION]: appVersion(),
    }),
    sampler: new NoOrphanClientSpans(samplerFromEnv(env)),
    // Traces only: the apps' metrics are Prometheus' (/metrics) and their logs are JSON lines.
    // Without an explicit empty list the SDK reads OTEL_METRICS_EXPORTER, whose default is OTLP:
    // every instrumented request, message and query would feed histograms pushed to a collector
    // that is not there (sdk-metrics was 1 % of orders' busy time in a --cpu-prof under load).
    logRecordProcessors: [],
    metricReaders: [],
    instrumentations: createInstrumentations(env),
  });
}
