import { basename, dirname } from 'node:path';

/**
 * Tracing is on when an exporter is named (`OTEL_TRACES_EXPORTER`, as the fleet, compose and k8s
 * do) and `OTEL_SDK_DISABLED` is not `true`. Off, the SDK is never loaded: no module is patched
 * and every span call is the API's no-op.
 */
export function tracingEnabled(env: NodeJS.ProcessEnv): boolean {
  const exporter = env.OTEL_TRACES_EXPORTER?.trim();
  return env.OTEL_SDK_DISABLED?.trim().toLowerCase() !== 'true' && !!exporter && exporter !== 'none';
}

/** The service name: `OTEL_SERVICE_NAME`, else `SERVICE_NAME`, else the app folder of the script (dist/apps/<app>/src/main.js). */
export function serviceNameOf(env: NodeJS.ProcessEnv, script = process.argv[1] ?? ''): string {
  return env.OTEL_SERVICE_NAME || env.SERVICE_NAME || basename(dirname(dirname(script))) || 'unknown';
}

/** The values of `OTEL_TRACES_SAMPLER` we accept (the specification's built-in samplers). */
export const TRACES_SAMPLERS = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
] as const;

export type TracesSampler = (typeof TRACES_SAMPLERS)[number];
