import { Injectable, OnModuleInit } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { ReadinessRegistry } from '@shop/platform';

import { REPORTS_POOL_SIZE } from './reports.constants';
import { ReportsMetrics } from './reports.metrics';

/**
 * Shows the reports' pool on `/health/ready` without ever failing it: reports are background
 * work, and orders must stay ready to take orders while a report runs or the reports connection
 * is down. (A ping would also have to wait behind a running report for the one connection.)
 */
@Injectable()
export class ReportsReadiness implements OnModuleInit {
  constructor(
    private readonly readiness: ReadinessRegistry,
    private readonly indicator: HealthIndicatorService,
    private readonly metrics: ReportsMetrics,
  ) {}

  onModuleInit(): void {
    this.readiness.register('reports', () =>
      this.indicator.check('reports').up({ poolSize: REPORTS_POOL_SIZE, inFlight: this.metrics.inFlight }),
    );
  }
}
