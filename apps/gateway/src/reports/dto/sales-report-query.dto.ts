import { ApiProperty } from '@nestjs/swagger';
import { SALES_REPORT_INSTANT } from '@shop/contracts';
import { Matches } from 'class-validator';

// The shape only; orders checks the range itself (from before to, at most 366 days) and answers
// 400 naming the field, like this does.
const SHAPE = 'a date YYYY-MM-DD (midnight UTC) or an ISO-8601 instant with a zone';

export class SalesReportQueryDto {
  @ApiProperty({
    pattern: SALES_REPORT_INSTANT.source,
    example: '2026-10-01',
    description: `Start of the range, inclusive: ${SHAPE}`,
  })
  @Matches(SALES_REPORT_INSTANT, { message: `from must be ${SHAPE}` })
  from!: string;

  @ApiProperty({
    pattern: SALES_REPORT_INSTANT.source,
    example: '2026-11-01',
    description: `End of the range, exclusive: ${SHAPE}`,
  })
  @Matches(SALES_REPORT_INSTANT, { message: `to must be ${SHAPE}` })
  to!: string;
}
