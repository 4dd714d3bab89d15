import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { AdminOnly } from '../common/admin-only.decorator';
import { FleetResilience, FleetResilienceService } from './fleet-resilience.service';
import { ScenarioRun, ScenariosService } from './scenarios.service';

/**
 * What the dashboard polls every second. Under `/api/admin` on purpose: operator routes belong
 * to no compartment, so the view stays live while a scenario saturates the gateway.
 */
@ApiTags('admin')
@AdminOnly()
@Controller('api/admin/dashboard')
export class DashboardStateController {
  constructor(
    private readonly fleet: FleetResilienceService,
    private readonly scenarios: ScenariosService,
  ) {}

  @Get('state')
  @ApiOperation({
    summary:
      'Breakers, bulkheads, success rates and p95 of every service, write-behind backlogs, breaker transitions and scenario runs',
  })
  async state(): Promise<FleetResilience & { runs: ScenarioRun[] }> {
    return { ...(await this.fleet.snapshot()), runs: this.scenarios.list().slice(0, 5) };
  }
}
