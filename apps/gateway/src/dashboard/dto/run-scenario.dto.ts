import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';

import { SCENARIO_NAMES, ScenarioName } from '../scenarios';

export class ScenarioNameParam {
  @ApiProperty({ enum: SCENARIO_NAMES, example: 'payment-outage' })
  @IsIn(SCENARIO_NAMES, { message: `name must be one of ${SCENARIO_NAMES.join(', ')}` })
  name!: ScenarioName;
}

/** Body of `POST /api/admin/scenarios/:name` (optional). */
export class RunScenarioDto {
  @ApiPropertyOptional({
    type: 'integer',
    example: 10_000,
    minimum: 1_000,
    maximum: 120_000,
    description: 'How long the fault is held before it is cleared, ms',
  })
  @IsOptional()
  @IsInt()
  @Min(1_000)
  @Max(120_000)
  holdMs?: number;
}
