import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ApiResult, REPORT_REQUESTS, SalesReport, SalesReportRequest } from '@shop/contracts';
import { asResult } from '@shop/platform';

import { SalesReportService } from './sales-report.service';

/**
 * Report requests from the gateway. Their topic has a Kafka consumer of its own (see main.ts),
 * so a report being computed never holds up order placement or saga replies.
 */
@Controller()
export class ReportsController {
  constructor(private readonly reports: SalesReportService) {}

  @MessagePattern(REPORT_REQUESTS.sales)
  sales(@Payload() request: SalesReportRequest): Promise<ApiResult<SalesReport>> {
    return asResult(() => this.reports.sales(request));
  }
}
