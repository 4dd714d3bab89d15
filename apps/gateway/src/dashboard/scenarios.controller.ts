import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { AdminOnly } from '../common/admin-only.decorator';
import { invalidId } from '../orders/orders.controller';
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
  list(): { scenarios: typeof SCENARIOS; runs: ScenarioRun[] } {
    return { scenarios: SCENARIOS, runs: this.scenarios.list() };
  }

  @Post(':name')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Run a scenario against the fleet (fault injection plus generated traffic); poll the run for its outcome',
  })
  run(@Param() { name }: ScenarioNameParam, @Body() body: RunScenarioDto): ScenarioRun {
    return this.scenarios.start(name, body.holdMs);
  }

  @Get('runs/:id')
  @ApiOperation({
    summary:
      'One scenario run: its steps, the answers it got, the calls per dependency and the breaker transitions seen',
  })
  get(@Param('id', new ParseUUIDPipe({ exceptionFactory: () => invalidId() })) id: string): ScenarioRun {
    return this.scenarios.get(id);
  }
}
