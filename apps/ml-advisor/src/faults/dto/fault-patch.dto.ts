import { FAULT_MODES, FaultMode } from '@shop/contracts';
import { IsIn, IsInt, IsNumber, IsOptional, Max, Min } from 'class-validator';

/** Body of `PUT /admin/faults`: any of the fields; unknown ones are refused. */
export class FaultPatchDto {
  @IsOptional()
  @IsIn(FAULT_MODES)
  mode?: FaultMode;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(60_000)
  latencyMs?: number;

  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1)
  errorRate?: number;
}
