import 'reflect-metadata';

import { metrics } from '@opentelemetry/api';
import { MeterProvider } from '@opentelemetry/sdk-metrics';

import { ServiceEnv } from '../config/service-env';
import { validateEnvWith } from '../config/validate-env';
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
  });

  it('ignores names it does not run, and says so once', () => {
    const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      expect(enabledInstrumentations({ OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'fs,mysql' })).toHaveLength(6);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn).toHaveBeenCalledWith(
        "OTEL_NODE_DISABLED_INSTRUMENTATIONS: fs, mysql ignored; this app's instrumentations are http, express, nestjs-core, kafkajs, mysql2, ioredis",
      );
      warn.mockClear();
      enabledInstrumentations({ OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'mysql2' });
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });

  it('validates both lists at start-up, naming the variable', () => {
    const validate = validateEnvWith(ServiceEnv);
    const base = { SERVICE_NAME: 'orders', PORT: '3001', KAFKA_BROKERS: '127.0.0.1:9092' };
    expect(validate({ ...base, OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'mysql2, ioredis' })).toMatchObject({
      OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'mysql2, ioredis',
    });
    expect(() => validate({ ...base, OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'http;kafkajs' })).toThrow(
      /OTEL_NODE_ENABLED_INSTRUMENTATIONS must be names separated by commas/,
    );
  });
});
