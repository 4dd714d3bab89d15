import { ApiPropertyOptional } from '@nestjs/swagger';
import { FAULT_MODES, FaultMode } from '@shop/contracts';
import { IsOptionalNotNull } from '@shop/platform';
import { IsIn, IsInt, IsNumber, IsOptional, Max, Min, ValidateIf } from 'class-validator';

/** Body of `PUT /api/admin/faults/:dependency`: any of the fields, merged over the current ones. */
export class FaultPatchDto {
  @ApiPropertyOptional({ enum: FAULT_MODES, description: '`down` fails calls at once, `hang` never answers' })
  @IsOptionalNotNull()
  @IsIn(FAULT_MODES)
  mode?: FaultMode;

  @ApiPropertyOptional({ minimum: 0, maximum: 60_000, description: 'Delay added to every call, ms' })
  @IsOptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(60_000)
  latencyMs?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 1, description: 'Share of calls that fail' })
  @IsOptionalNotNull()
  @IsNumber()
  @Min(0)
  @Max(1)
  errorRate?: number;

  @ApiPropertyOptional({
    nullable: true,
    description: 'Provider simulators only: seed of the errorRate dice (null = random)',
  })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsInt()
  @Min(0)
  seed?: number | null;
}
