import { FAULT_MODES, FaultMode } from '@shop/contracts';
import { IsOptionalNotNull } from '@shop/platform';
import { IsIn, IsInt, IsNumber, Max, Min } from 'class-validator';

/** Body of `PUT /admin/faults`: any of the fields; unknown ones are refused. */
export class FaultPatchDto {
  @IsOptionalNotNull()
  @IsIn(FAULT_MODES)
  mode?: FaultMode;

  @IsOptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(60_000)
  latencyMs?: number;

  @IsOptionalNotNull()
  @IsNumber()
  @Min(0)
  @Max(1)
  errorRate?: number;
}
