// `@shop/platform/tracing`: imported first by every app's main.ts, so the OpenTelemetry SDK
// patches http, express, Nest, kafkajs, mysql2 and ioredis before any of them is loaded.
import { startTracing } from './start-tracing';

startTracing();

export { flushTracing, startTracing } from './start-tracing';
export { serviceNameOf, tracingEnabled } from './tracing-switch';
