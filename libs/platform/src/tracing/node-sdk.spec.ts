import { metrics } from '@opentelemetry/api';
import { MeterProvider } from '@opentelemetry/sdk-metrics';

import { createNodeSdk } from './node-sdk';

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
});
