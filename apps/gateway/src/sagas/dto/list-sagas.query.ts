import { ApiPropertyOptional } from '@nestjs/swagger';
import { SAGA_STATUSES, SagaStatus } from '@shop/contracts';
import { ToStrictInt } from '@shop/platform';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';

export class ListSagasQuery {
  @ApiPropertyOptional({ enum: SAGA_STATUSES, description: 'Only sagas in this status' })
  @IsOptional()
  @IsIn(SAGA_STATUSES)
  status?: SagaStatus;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 1000, example: 50, description: 'At most this many' })
  @IsOptional()
  @ToStrictInt()
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}
