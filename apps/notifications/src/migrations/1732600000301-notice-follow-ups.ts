import { MigrationInterface, QueryRunner } from 'typeorm';

/** Follow-up notices come from `orders.completed`, not from a saga: their row has no saga id. */
export class NoticeFollowUps1732600000301 implements MigrationInterface {
  name = 'NoticeFollowUps1732600000301';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE notifications MODIFY saga_id CHAR(36) NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DELETE FROM notifications WHERE kind = 'FOLLOW_UP'");
    await q.query('ALTER TABLE notifications MODIFY saga_id CHAR(36) NOT NULL');
  }
}
