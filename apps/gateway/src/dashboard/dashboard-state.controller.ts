import { Controller, Get, NotFoundException, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';

import { AdminOnly } from '../common/admin-only.decorator';
import { ApiErrors } from '../docs/api-errors';
import { invalidId } from '../orders/orders.controller';
import { DASHBOARD_STATE_SCHEMA, DashboardState, SAGA_TRACE_SCHEMA } from './dto/dashboard.schemas';
import { FleetResilienceService } from './fleet-resilience.service';
import { SagaTrace, SagaTraceService } from './saga-trace.service';
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
    private readonly traces: SagaTraceService,
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

  @Get('sagas/:sagaId/trace')
  @ApiOperation({
    summary: "The saga's trace in Zipkin: its id and the URL of the trace page (404 when none is recorded)",
  })
  @ApiParam({ name: 'sagaId', schema: { type: 'string', format: 'uuid' }, description: 'The saga id' })
  @ApiOkResponse({ description: 'The trace', schema: SAGA_TRACE_SCHEMA })
  @ApiErrors({
    400: 'sagaId is not a UUID',
    404: 'No trace recorded for the saga (tracing off, or not yet exported)',
    503: 'Zipkin did not answer',
  })
  async sagaTrace(
    @Param('sagaId', new ParseUUIDPipe({ exceptionFactory: () => invalidId() })) sagaId: string,
  ): Promise<SagaTrace> {
    const trace = await this.traces.traceOf(sagaId);
    if (!trace) throw new NotFoundException(`no trace recorded for saga ${sagaId}`);
    return trace;
  }
}
