import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { storeConnections } from '@shop/platform';
import { createPool } from 'mysql2/promise';

import { REPORTS_POOL, REPORTS_POOL_SIZE, REPORTS_QUEUE_LIMIT } from './reports.constants';
import { ReportsController } from './reports.controller';
import { ReportsDatabase } from './reports.database';
import { ReportsReadiness } from './reports.health';
import { ReportsMetrics } from './reports.metrics';
import { SalesReportService } from './sales-report.service';

/**
 * Sales reports, computed on a mysql2 pool of their own with REPORTS_POOL_SIZE (1) connection to
 * the orders database: the saga's TypeORM pool is never used by a report.
 */
@Module({
  controllers: [ReportsController],
  providers: [
    {
      provide: REPORTS_POOL,
      inject: [ConfigService],
      useFactory: (config: ConfigService) =>
        createPool({
          ...storeConnections(config, REPORTS_POOL_SIZE).mysql,
          queueLimit: REPORTS_QUEUE_LIMIT,
          connectTimeout: 5_000,
        }),
    },
    ReportsDatabase,
    ReportsMetrics,
    ReportsReadiness,
    SalesReportService,
  ],
})
export class ReportsModule {}
