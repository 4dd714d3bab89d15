import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { AdminOnly } from '../common/admin-only.decorator';
import { DASHBOARD_STATE_SCHEMA, DashboardState } from './dto/dashboard.schemas';
import { FleetResilienceService } from './fleet-resilience.service';
import { ScenariosService } from './scenarios.service';

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
  @ApiOkResponse({ description: 'The state', schema: DASHBOARD_STATE_SCHEMA })
  async state(): Promise<DashboardState> {
    return { ...(await this.fleet.snapshot()), runs: this.scenarios.list().slice(0, 5) };
  }
}
