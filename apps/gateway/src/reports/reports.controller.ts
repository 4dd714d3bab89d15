import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import type { SalesReport } from '@shop/contracts';
import { Compartment } from '../compartments/compartment.decorator';
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
  @ApiTooManyRequestsResponse({ description: 'More than 5 reports per second from this client' })
  @ApiOperation({ summary: 'Orders, units and revenue per day and top products between two dates (inclusive)' })
  sales(@Query() { from, to }: SalesReportQueryDto): Promise<SalesReport> {
    return this.reports.sales(from, to);
  }
}
