import { ApiPropertyOptional } from '@nestjs/swagger';
import { FAULT_MODES, FaultMode } from '@shop/contracts';
import { IsOptionalNotNull } from '@shop/platform';
import { IsIn, IsInt, IsNumber, IsOptional, Max, Min, ValidateIf } from 'class-validator';

/** Body of `PUT /api/admin/faults/:dependency`: any of the fields, merged over the current ones. */
export class FaultPatchDto {
  @ApiPropertyOptional({
    enum: FAULT_MODES,
    example: 'down',
    description: '`down` fails calls at once, `hang` never answers',
  })
  @IsOptionalNotNull()
  @IsIn(FAULT_MODES)
  mode?: FaultMode;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    maximum: 60_000,
    example: 250,
    description: 'Delay added to every call, ms',
  })
  @IsOptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(60_000)
  latencyMs?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 1, example: 0.25, description: 'Share of calls that fail' })
  @IsOptionalNotNull()
  @IsNumber()
  @Min(0)
  @Max(1)
  errorRate?: number;

  @ApiPropertyOptional({
    type: 'integer',
    nullable: true,
    minimum: 0,
    maximum: Number.MAX_SAFE_INTEGER,
    example: 42,
    description: 'Provider simulators only: seed of the errorRate dice (null = random)',
  })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  seed?: number | null;
}
