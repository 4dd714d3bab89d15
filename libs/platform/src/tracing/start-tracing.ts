import type { NodeSDK } from '@opentelemetry/sdk-node';

import { tracingEnabled } from './tracing-switch';

let sdk: NodeSDK | undefined;

/**
 * Starts the OpenTelemetry Node SDK (node-sdk.ts) when tracing is on, before anything it
 * instruments is loaded: every app's main.ts imports `@shop/platform/tracing` first. Off, the SDK
 * and its instrumentations are not even loaded.
 */
export function startTracing(env: NodeJS.ProcessEnv = process.env): NodeSDK | undefined {
  if (sdk || !tracingEnabled(env)) return sdk;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when tracing is on, see above
  const { createNodeSdk } = require('./node-sdk') as typeof import('./node-sdk');
  sdk = createNodeSdk(env);
  sdk.start();
  return sdk;
}

/**
 * How long a shutdown waits for the SDK to export what it still buffers. The SDK's own shutdown
 * took 7 s in the graceful-shutdown e2e (2.3 s without tracing), pushing the process past the
 * time its consumer group expects it gone; the buffered spans are best effort, a quick exit is not.
 */
export const TRACING_FLUSH_LIMIT_MS = 1_000;

/** Exports the spans still buffered and stops the SDK, waiting at most `limitMs` (a span not flushed is lost). */
export async function flushTracing(limitMs = TRACING_FLUSH_LIMIT_MS): Promise<void> {
  const running = sdk;
  sdk = undefined;
  if (!running) return;
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<void>((resolve) => (timer = setTimeout(resolve, limitMs)));
  await Promise.race([running.shutdown().catch(() => undefined), limit]);
  clearTimeout(timer);
}
