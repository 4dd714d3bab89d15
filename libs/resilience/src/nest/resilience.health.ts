import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';

import { ResilienceRegistry } from '../resilience.registry';
import { DependencySummary } from '../resilient-dependency';
import { RESILIENCE_REGISTRY } from './resilience.constants';

/**
 * Terminus (v11) indicator listing every dependency's summary. It always reports `up`: an open
 * breaker is the breaker doing its job, so it appears under `degraded` instead of failing
 * readiness — failing readiness would pull the pod out and make the fleet flap.
 */
@Injectable()
export class ResilienceHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    @Inject(RESILIENCE_REGISTRY) private readonly registry: ResilienceRegistry,
  ) {}

  /** Use in a health check: `health.check([() => resilience.check()])`. */
  check<const Key extends string = 'resilience'>(
    key: Key = 'resilience' as Key,
  ): HealthIndicatorResult<Key, 'up', { degraded: string[]; dependencies: Record<string, DependencySummary> }> {
    const dependencies = this.registry.summary();
    const degraded = Object.keys(dependencies).filter((n) => dependencies[n].status === 'degraded');
    return this.health.check(key).up({ degraded, dependencies });
  }
}
