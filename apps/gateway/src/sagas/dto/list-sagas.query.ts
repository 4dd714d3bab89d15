import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { SAGA_STATUSES, SagaStatus } from '@shop/contracts';

export class ListSagasQuery {
  @IsOptional()
  @IsIn(SAGA_STATUSES)
  status?: SagaStatus;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}
