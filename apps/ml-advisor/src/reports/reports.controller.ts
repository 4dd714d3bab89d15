import { Controller, Get, Query } from '@nestjs/common';
import type { SalesReport } from '@shop/contracts';
import { SalesReportQuery } from './dto/sales-report.query';
import { SalesReportService } from './sales-report.service';

@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: SalesReportService) {}

  @Get('sales')
  sales(@Query() query: SalesReportQuery): Promise<SalesReport> {
    return this.reports.report(query.from, query.to);
  }
}
