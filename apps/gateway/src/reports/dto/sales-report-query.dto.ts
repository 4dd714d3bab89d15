import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export class SalesReportQueryDto {
  @ApiProperty({ example: '2026-10-01', description: 'First day, inclusive (UTC)' })
  @Matches(DAY, { message: 'from must be a date YYYY-MM-DD' })
  from!: string;

  @ApiProperty({ example: '2026-10-31', description: 'Last day, inclusive (UTC)' })
  @Matches(DAY, { message: 'to must be a date YYYY-MM-DD' })
  to!: string;
}
