import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';

import { AdminOnly } from '../common/admin-only.decorator';
import { ApiErrors, BODY_ERRORS } from '../docs/api-errors';
import { invalidId } from '../orders/orders.controller';
import { SCENARIO_LIST_SCHEMA, SCENARIO_RUN_SCHEMA, ScenarioList } from './dto/dashboard.schemas';
import { RunScenarioDto, ScenarioNameParam } from './dto/run-scenario.dto';
import { SCENARIOS } from './scenarios';
import { ScenarioRun, ScenariosService } from './scenarios.service';

@ApiTags('admin')
@AdminOnly()
@Controller('api/admin/scenarios')
export class ScenariosController {
  constructor(private readonly scenarios: ScenariosService) {}

  @Get()
  @ApiOperation({ summary: 'The scenarios and the latest runs' })
  @ApiOkResponse({ description: 'The scenarios and runs', schema: SCENARIO_LIST_SCHEMA })
  list(): ScenarioList {
    return { scenarios: SCENARIOS, runs: this.scenarios.list() };
  }

  @Post(':name')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Run a scenario against the fleet (fault injection plus generated traffic); poll the run for its outcome',
  })
  @ApiAcceptedResponse({ description: 'Started; poll `GET runs/{id}`', schema: SCENARIO_RUN_SCHEMA })
  @ApiErrors({
    ...BODY_ERRORS,
    400: `${BODY_ERRORS[400]}; or name is not a scenario`,
    409: 'SCENARIO_RUNNING: that scenario is already running',
  })
  run(@Param() { name }: ScenarioNameParam, @Body() body: RunScenarioDto): ScenarioRun {
    return this.scenarios.start(name, body.holdMs);
  }

  @Get('runs/:id')
  @ApiOperation({
    summary:
      'One scenario run: its steps, the answers it got, the calls per dependency and the breaker transitions seen',
  })
  @ApiParam({ name: 'id', schema: { type: 'string', format: 'uuid' }, description: 'The run id' })
  @ApiOkResponse({ description: 'The run', schema: SCENARIO_RUN_SCHEMA })
  @ApiErrors({ 400: 'id is not a UUID', 404: 'No such run (runs are kept in memory, the latest 20)' })
  get(@Param('id', new ParseUUIDPipe({ exceptionFactory: () => invalidId() })) id: string): ScenarioRun {
    return this.scenarios.get(id);
  }
}
