import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult } from '@nestjs/terminus';

export type ReadinessCheck = () => HealthIndicatorResult | Promise<HealthIndicatorResult>;

/**
 * The checks behind `GET /health/ready`. Feature modules add theirs at start-up (Kafka, MySQL,
 * Redis, resilience, write-behind), so the health controller never needs to know them all.
 */
@Injectable()
export class ReadinessRegistry {
  private readonly checks = new Map<string, ReadinessCheck>();

  register(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  all(): ReadinessCheck[] {
    return [...this.checks.values()];
  }

  names(): string[] {
    return [...this.checks.keys()];
  }
}
