import { Module } from '@nestjs/common';
import { serviceStoreModule } from '@shop/write-behind';

import { ACTIVITY_LOG_STORE, MAX_BACKLOG } from './activity-log.constants';
import { ActivityLogController } from './activity-log.controller';
import { ActivityLogService } from './activity-log.service';
import { activityLogsTable } from './activity-log.table';

/**
 * `POST/GET /api/logs`: the activity log, written behind through Redis into the gateway's own
 * database (table `activity_logs`, created by `ActivityLogs1732700000000`). Every gateway
 * replica also flushes. Unready only when the log cannot accept writes (backlog full or Redis
 * gone), not for a MySQL outage. Needs the MySQL variables of `GatewayEnv`.
 */
@Module({
  imports: [
    serviceStoreModule({
      name: ACTIVITY_LOG_STORE,
      table: activityLogsTable,
      mysqlConnectionLimit: 4,
      maxBacklog: MAX_BACKLOG,
    }),
  ],
  controllers: [ActivityLogController],
  providers: [ActivityLogService],
})
export class ActivityLogModule {}
