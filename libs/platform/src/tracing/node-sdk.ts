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
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request: IncomingMessage) => UNTRACED_PATHS.test(request.url ?? ''),
      }),
      // A span per middleware (body parsers, helmet, CORS, request id…) on every request says only
      // that they ran; the route, the Nest handler and everything downstream keep their spans.
      new ExpressInstrumentation({ ignoreLayersType: [ExpressLayerType.MIDDLEWARE] }),
      new NestInstrumentation(),
      new KafkaJsInstrumentation(),
      new MySQL2Instrumentation(),
      new IORedisInstrumentation({ requireParentSpan: true }),
    ],
  });
}
