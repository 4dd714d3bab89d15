import { metrics } from '@opentelemetry/api';
import { MeterProvider } from '@opentelemetry/sdk-metrics';

import { createInstrumentations, createNodeSdk, enabledInstrumentations } from './node-sdk';

// Its own file: starting the SDK registers global providers, which jest keeps per test file.
describe('the Node SDK of an app', () => {
  it('exports traces only: no meter provider, whatever OTEL_METRICS_EXPORTER defaults to', async () => {
    const sdk = createNodeSdk({ OTEL_TRACES_EXPORTER: 'console', OTEL_SERVICE_NAME: 'spec' });
    sdk.start();
    try {
      expect(metrics.getMeterProvider()).not.toBeInstanceOf(MeterProvider);
    } finally {
      await sdk.shutdown();
    }
  });

  it('runs every instrumentation by default, named as OpenTelemetry names their packages', () => {
    const instrumentations = createInstrumentations({});
    try {
      expect(instrumentations.map((i) => i.instrumentationName)).toEqual(
        ['http', 'express', 'nestjs-core', 'kafkajs', 'mysql2', 'ioredis'].map(
          (name) => `@opentelemetry/instrumentation-${name}`,
        ),
      );
    } finally {
      for (const instrumentation of instrumentations) instrumentation.disable();
    }
  });

  it('reads OTEL_NODE_ENABLED_INSTRUMENTATIONS first, then OTEL_NODE_DISABLED_INSTRUMENTATIONS', () => {
    expect(enabledInstrumentations({ OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'mysql2, ioredis' })).toEqual([
      'http',
      'express',
      'nestjs-core',
      'kafkajs',
    ]);
    expect(enabledInstrumentations({ OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'http,kafkajs,mysql2' })).toEqual([
      'http',
      'kafkajs',
      'mysql2',
    ]);
    expect(
      enabledInstrumentations({
        OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'http,kafkajs',
        OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'kafkajs',
      }),
    ).toEqual(['http']);
    expect(enabledInstrumentations({ OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'fs,not-one-of-ours' })).toHaveLength(6);
  });
});
