import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';

import { ResilienceRegistry } from '../resilience.registry';
import { DependencySummary } from '../resilient-dependency';
import { RESILIENCE_REGISTRY } from './resilience.constants';

export interface ResilienceHealthDetails {
  /** Dependencies whose breaker is not closed. */
  degraded: string[];
  /** The degraded ones marked `health: critical`: while any is listed, readiness fails. */
  critical: string[];
  dependencies: Record<string, DependencySummary>;
}

/**
 * Terminus (v11) indicator listing every dependency's summary, with one rule per dependency
 * (`health` in its settings): an open breaker of a `critical` dependency reports `down` (the
 * app cannot do its job, so it should not be counted ready); of a `degradable` one (the
 * default) `up` with the dependency under `degraded`, because a fallback or a queue covers it
 * and failing readiness would only pull the app out and make the fleet flap.
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
  ): HealthIndicatorResult<Key, 'up' | 'down', ResilienceHealthDetails> {
    const dependencies = this.registry.summary();
    const degraded = Object.keys(dependencies).filter((n) => dependencies[n].status === 'degraded');
    const critical = degraded.filter((n) => this.registry.get(n).settings.health === 'critical');
    const session = this.health.check(key);
    const details = { degraded, critical, dependencies };
    return critical.length > 0 ? session.down(details) : session.up(details);
  }
}
