import { createTableSql } from '@shop/write-behind';
import { MigrationInterface, QueryRunner } from 'typeorm';

import { activityLogsTable } from '../activity-log/activity-log.table';

/** The activity log's table, written only by its write-behind store's flush workers. */
export class ActivityLogs1732700000000 implements MigrationInterface {
  name = 'ActivityLogs1732700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(createTableSql(activityLogsTable));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS activity_logs');
  }
}
