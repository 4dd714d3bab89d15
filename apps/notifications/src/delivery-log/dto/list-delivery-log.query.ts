import { ToStrictInt } from '@shop/platform';
import { ENTRY_ID_PATTERN } from '@shop/write-behind';
import { IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';

import { MAX_PAGE_SIZE } from '../delivery-log.constants';

export class ListDeliveryLogQuery {
  @IsOptional()
  @IsString()
  @Length(1, 64)
  orderId?: string;

  @IsOptional()
  @IsString()
  @Length(1, 128)
  notificationId?: string;

  @IsOptional()
  @ToStrictInt()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @IsOptional()
  @Matches(ENTRY_ID_PATTERN, { message: 'cursor must be the nextCursor of a previous page' })
  cursor?: string;
}
