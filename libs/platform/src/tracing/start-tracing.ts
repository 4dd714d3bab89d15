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

/** Exports the spans still buffered and stops the SDK (on shutdown: a span not flushed is lost with the process). */
export async function flushTracing(): Promise<void> {
  const running = sdk;
  sdk = undefined;
  await running?.shutdown().catch(() => undefined);
}
