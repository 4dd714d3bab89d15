import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';

import { FAULT_DEPENDENCIES, FaultDependency } from '../faults/fault-dependencies';

export class FaultDependencyParam {
  @ApiProperty({ enum: FAULT_DEPENDENCIES })
  @IsIn(FAULT_DEPENDENCIES, { message: `dependency must be one of ${FAULT_DEPENDENCIES.join(', ')}` })
  dependency!: FaultDependency;
}
