import { ApiPropertyOptional } from '@nestjs/swagger';
import { ToStrictInt } from '@shop/platform';
import { ENTRY_ID_PATTERN } from '@shop/write-behind';
import { IsIn, IsInt, IsISO8601, IsOptional, Matches, Max, Min } from 'class-validator';

import { DEFAULT_PAGE_SIZE, LOG_LEVELS, LogLevel, MAX_PAGE_SIZE } from '../activity-log.constants';

export class ListLogsQuery {
  @ApiPropertyOptional({ enum: LOG_LEVELS })
  @IsOptional()
  @IsIn(LOG_LEVELS)
  level?: LogLevel;

  @ApiPropertyOptional({
    format: 'date-time',
    example: '2026-11-25T09:00:00Z',
    description: 'Entries created at or after this time (ISO 8601)',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  since?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    example: '2026-11-25T10:00:00Z',
    description: 'Entries created at or before this time (ISO 8601)',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  until?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @ToStrictInt()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ description: '`nextCursor` of the previous page', pattern: ENTRY_ID_PATTERN.source })
  @IsOptional()
  @Matches(ENTRY_ID_PATTERN, { message: 'cursor must be the nextCursor of a previous page' })
  cursor?: string;
}
