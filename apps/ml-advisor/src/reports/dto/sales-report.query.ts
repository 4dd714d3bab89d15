import { Matches } from 'class-validator';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export class SalesReportQuery {
  /** First day, inclusive (YYYY-MM-DD, UTC). */
  @Matches(DAY, { message: 'from must be a date YYYY-MM-DD' })
  from!: string;

  /** Last day, inclusive (YYYY-MM-DD, UTC). */
  @Matches(DAY, { message: 'to must be a date YYYY-MM-DD' })
  to!: string;
}
