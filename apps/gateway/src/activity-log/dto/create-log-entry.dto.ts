import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional, IsString, Length } from 'class-validator';

import { LOG_LEVELS, LogLevel, MAX_CONTEXT_BYTES, MAX_MESSAGE_LENGTH } from '../activity-log.constants';
import { MaxJsonBytes } from './max-json-bytes.validator';

export class CreateLogEntryDto {
  @ApiProperty({ enum: LOG_LEVELS, example: 'info' })
  @IsIn(LOG_LEVELS)
  level!: LogLevel;

  @ApiProperty({ minLength: 1, maxLength: MAX_MESSAGE_LENGTH, example: 'user opened the basket' })
  @IsString()
  @Length(1, MAX_MESSAGE_LENGTH)
  message!: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: { basketItems: 3 },
    description: `Any JSON object, at most ${MAX_CONTEXT_BYTES} bytes serialised`,
  })
  @IsOptional()
  @IsObject()
  @MaxJsonBytes(MAX_CONTEXT_BYTES)
  context?: Record<string, unknown>;
}
