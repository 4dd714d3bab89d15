import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import type { SalesReport } from '@shop/contracts';

import { Compartment } from '../compartments/compartment.decorator';
import { ApiErrors } from '../docs/api-errors';
import { SALES_REPORT_SCHEMA } from './dto/sales-report.schema';
import { SalesReportQueryDto } from './dto/sales-report-query.dto';
import { SalesReportClient } from './sales-report.client';

@ApiTags('reports')
@Compartment('background')
@Controller('api/reports')
export class ReportsController {
  constructor(private readonly reports: SalesReportClient) {}

  /** Reports are expensive: each client gets 5 per second, on top of the gateway-wide limit. */
  @Get('sales')
  @Throttle({ default: { limit: 5, ttl: 1_000 } })
  @ApiOkResponse({ description: 'The report', schema: SALES_REPORT_SCHEMA })
  @ApiErrors({
    400: 'from or to is not a date, to is not after from, or the range is longer than 366 days (`field` names which)',
    429: 'More than 5 reports per second from this client, or over the gateway-wide limit',
    503: 'orders did not answer, the `reports` circuit is open or the background compartment is full (`Retry-After`)',
    504: 'The report did not finish within the `reports` budget',
  })
  @ApiOperation({
    summary: 'Sales of the orders placed in [from, to)',
    description:
      'Computed by the orders service from its own tables on a connection pool of one, kept apart from order writes: orders by status, ' +
      'revenue and units of the completed orders, per UTC day, and the best-selling SKUs. Money in cents (EUR).',
  })
  sales(@Query() { from, to }: SalesReportQueryDto): Promise<SalesReport> {
    return this.reports.sales(from, to);
  }
}
