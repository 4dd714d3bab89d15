import { BadRequestException, Body, Controller, Delete, Get, Put, UseGuards } from '@nestjs/common';
import type { FaultSettings } from '@shop/contracts';

import { AdminKeyGuard } from '../common/admin-key.guard';
import { AdvisorFaults } from './advisor-faults';
import { FaultPatchDto } from './dto/fault-patch.dto';

@Controller('admin/faults')
@UseGuards(AdminKeyGuard)
export class FaultsController {
  constructor(private readonly faults: AdvisorFaults) {}

  @Get()
  current(): FaultSettings {
    return this.faults.current();
  }

  @Put()
  update(@Body() body: FaultPatchDto): FaultSettings {
    // DTO instances define every declared field, absent ones as undefined: keep only those sent.
    const patch = Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined)) as FaultPatchDto;
    if (Object.keys(patch).length === 0)
      throw new BadRequestException('expected at least one of mode, latencyMs, errorRate');
    return this.faults.update(patch);
  }

  @Delete()
  clear(): FaultSettings {
    return this.faults.clear();
  }
}
