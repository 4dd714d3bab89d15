import { SAGA_STATUSES, SagaStatus } from '@shop/contracts';
import { ToStrictInt } from '@shop/platform';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';

export class ListSagasQuery {
  @IsOptional()
  @IsIn(SAGA_STATUSES)
  status?: SagaStatus;

  @IsOptional()
  @ToStrictInt()
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}
