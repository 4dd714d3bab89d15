import { Body, Controller, Delete, Get, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { AdminOnly } from '../../common/admin-only.decorator';
import { ApiErrors, BODY_ERRORS } from '../../docs/api-errors';
import { arrayOf } from '../../docs/schema';
import { FAULT_STATE_SCHEMA } from '../dto/admin.schemas';
import { FaultDependencyParam } from '../dto/fault-dependency.param';
import { FaultPatchDto } from '../dto/fault-patch.dto';
import { FaultsAdminService, FaultState } from './faults-admin.service';

const BAD_DEPENDENCY = 'dependency is not one of the fault dependencies';
const UNREACHABLE = 'The process that applies the dependency’s faults (a simulator, the advisor) did not answer';

@ApiTags('admin')
@AdminOnly()
@Controller('api/admin/faults')
export class FaultsAdminController {
  constructor(private readonly faults: FaultsAdminService) {}

  @Get()
  @ApiOperation({ summary: 'Faults of every dependency' })
  @ApiOkResponse({
    description: 'One entry per dependency (with `error` for one whose process is unreachable)',
    schema: arrayOf(FAULT_STATE_SCHEMA),
  })
  all(): Promise<FaultState[]> {
    return this.faults.all();
  }

  @Get(':dependency')
  @ApiOperation({ summary: 'Faults of one dependency' })
  @ApiOkResponse({ description: 'Its faults', schema: FAULT_STATE_SCHEMA })
  @ApiErrors({ 400: BAD_DEPENDENCY, 502: UNREACHABLE })
  one(@Param() { dependency }: FaultDependencyParam): Promise<FaultState> {
    return this.faults.get(dependency);
  }

  @Put(':dependency')
  @ApiOperation({ summary: 'Inject latency, errors, down or hang into a dependency (merged over its current faults)' })
  @ApiOkResponse({ description: 'Its faults now', schema: FAULT_STATE_SCHEMA })
  @ApiErrors({
    ...BODY_ERRORS,
    400: `${BODY_ERRORS[400]}; or ${BAD_DEPENDENCY}, an empty body, or a seed for a dependency without dice`,
    502: UNREACHABLE,
  })
  set(@Param() { dependency }: FaultDependencyParam, @Body() patch: FaultPatchDto): Promise<FaultState> {
    return this.faults.set(dependency, patch);
  }

  @Delete(':dependency')
  @ApiOperation({ summary: 'Clear a dependency’s faults' })
  @ApiOkResponse({ description: 'Its faults now (none)', schema: FAULT_STATE_SCHEMA })
  @ApiErrors({ 400: BAD_DEPENDENCY, 502: UNREACHABLE })
  clear(@Param() { dependency }: FaultDependencyParam): Promise<FaultState> {
    return this.faults.clear(dependency);
  }
}
