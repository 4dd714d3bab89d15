import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult } from '@nestjs/terminus';

import { ReadinessReport, readinessReport } from './readiness.report';

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

  /** Every check's answer now (each within `budgetMs`), and the status that follows from them. */
  report(budgetMs?: number): Promise<ReadinessReport> {
    return readinessReport(this.checks, budgetMs);
  }
}
