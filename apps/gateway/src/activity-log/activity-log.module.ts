import { Module, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { MetricsService, ReadinessRegistry, storeConnections } from '@shop/platform';
import {
  InjectWriteBehindStore,
  WriteBehindHealthIndicator,
  WriteBehindModule,
  WriteBehindStore,
} from '@shop/write-behind';

import { ACTIVITY_LOG_STORE, MAX_BACKLOG } from './activity-log.constants';
import { ActivityLogController } from './activity-log.controller';
import { ActivityLogService } from './activity-log.service';
import { ActivityLogEntry, activityLogsTable } from './activity-log.table';

/**
 * `POST/GET /api/logs`: the activity log, written behind through Redis into the gateway's own
 * database (table `activity_logs`, created by `ActivityLogs1732700000000`). Every gateway
 * replica also flushes. Needs the MySQL variables of `GatewayEnv`.
 */
@Module({
  imports: [
    WriteBehindModule.registerAsync<ActivityLogEntry>({
      name: ACTIVITY_LOG_STORE,
      inject: [ConfigService, MetricsService],
      useFactory: (config: ConfigService, metrics: MetricsService) => ({
        table: activityLogsTable,
        ...storeConnections(config, 4),
        registry: metrics.registry,
        maxBacklog: MAX_BACKLOG,
      }),
    }),
  ],
  controllers: [ActivityLogController],
  providers: [ActivityLogService],
})
export class ActivityLogModule implements OnModuleInit {
  constructor(
    private readonly readiness: ReadinessRegistry,
    private readonly health: WriteBehindHealthIndicator,
    @InjectWriteBehindStore(ACTIVITY_LOG_STORE) private readonly store: WriteBehindStore<ActivityLogEntry>,
  ) {}

  /** Unready only when the log cannot accept writes (backlog full or Redis gone), not for a MySQL outage. */
  onModuleInit(): void {
    this.readiness.register(`write-behind-${ACTIVITY_LOG_STORE}`, () => this.health.isHealthy(this.store));
  }
}
