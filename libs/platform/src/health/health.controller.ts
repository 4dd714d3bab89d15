import { Controller, Get } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';

import { ReadinessRegistry } from './readiness.registry';

// Probes for the orchestrator, not the API: left out of the OpenAPI document (README: Ports).
@ApiExcludeController()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly readiness: ReadinessRegistry,
  ) {}

  /** Liveness: the process answers. Dependencies are deliberately not checked here, so an outage of
   *  Kafka or MySQL makes pods unready, not restarted in a loop. */
  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  /** Readiness: every dependency this app needs answers now. */
  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check(this.readiness.all());
  }
}
