import { HealthIndicatorService } from '@nestjs/terminus';

import { ResilienceRegistry } from '../resilience.registry';
import { ResilienceHealthIndicator } from './resilience.health';

describe('ResilienceHealthIndicator: one rule per dependency', () => {
  const breaker = { mode: 'consecutive' as const, failureThreshold: 1, openMs: 60_000 };
  const registry = new ResilienceRegistry(
    {
      dependencies: {
        provider: { health: 'critical', circuitBreaker: breaker },
        advisor: { circuitBreaker: breaker },
      },
    },
    { metricsRegistry: false },
  );
  const indicator = new ResilienceHealthIndicator(new HealthIndicatorService(), registry);
  afterAll(() => registry.close());

  it('is up while every breaker is closed', () => {
    expect(indicator.check().resilience).toMatchObject({ status: 'up', degraded: [], critical: [] });
  });

  it('a degradable dependency with an open breaker keeps readiness up, reported degraded', () => {
    registry.get('advisor').breaker!.forceOpen();
    expect(indicator.check().resilience).toMatchObject({ status: 'up', degraded: ['advisor'], critical: [] });
  });

  it('a critical dependency with an open breaker makes readiness fail, naming it', () => {
    registry.get('provider').breaker!.forceOpen();
    expect(indicator.check().resilience).toMatchObject({
      status: 'down',
      degraded: ['provider', 'advisor'],
      critical: ['provider'],
    });
  });
});
