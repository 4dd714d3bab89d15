import { Module } from '@nestjs/common';

import { ReportsController } from './reports.controller';
import { SalesReportClient } from './sales-report.client';

@Module({ controllers: [ReportsController], providers: [SalesReportClient] })
export class ReportsModule {}
