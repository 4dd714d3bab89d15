import { Body, Controller, Delete, Get, Param, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { AdminOnly } from '../../common/admin-only.decorator';
import { FaultDependencyParam } from '../dto/fault-dependency.param';
import { FaultPatchDto } from '../dto/fault-patch.dto';
import { FaultsAdminService, FaultState } from './faults-admin.service';

@ApiTags('admin')
@AdminOnly()
@Controller('api/admin/faults')
export class FaultsAdminController {
  constructor(private readonly faults: FaultsAdminService) {}

  @Get()
  @ApiOperation({ summary: 'Faults of every dependency' })
  all(): Promise<FaultState[]> {
    return this.faults.all();
  }

  @Get(':dependency')
  @ApiOperation({ summary: 'Faults of one dependency' })
  one(@Param() { dependency }: FaultDependencyParam): Promise<FaultState> {
    return this.faults.get(dependency);
  }

  @Put(':dependency')
  @ApiOperation({ summary: 'Inject latency, errors, down or hang into a dependency (merged over its current faults)' })
  set(@Param() { dependency }: FaultDependencyParam, @Body() patch: FaultPatchDto): Promise<FaultState> {
    return this.faults.set(dependency, patch);
  }

  @Delete(':dependency')
  @ApiOperation({ summary: 'Clear a dependency’s faults' })
  clear(@Param() { dependency }: FaultDependencyParam): Promise<FaultState> {
    return this.faults.clear(dependency);
  }
}
