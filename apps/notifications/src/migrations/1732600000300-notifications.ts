import { MigrationInterface, QueryRunner } from 'typeorm';

/** Every notice the saga asked for, keyed by its idempotency key, with its delivery state. */
export class Notifications1732600000300 implements MigrationInterface {
  name = 'Notifications1732600000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE IF NOT EXISTS notifications (
        idempotency_key VARCHAR(128) NOT NULL PRIMARY KEY,
        saga_id CHAR(36) NOT NULL,
        order_id CHAR(36) NOT NULL,
        kind VARCHAR(24) NOT NULL,
        channel VARCHAR(8) NOT NULL,
        recipient VARCHAR(320) NOT NULL,
        subject VARCHAR(200) NOT NULL,
        body TEXT NOT NULL,
        status VARCHAR(16) NOT NULL,
        attempts INT NOT NULL DEFAULT 0,
        last_error TEXT NULL,
        provider_message_id VARCHAR(80) NULL,
        created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        sent_at DATETIME(3) NULL,
        KEY ix_notifications_status (status, created_at)
      ) ENGINE=InnoDB`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS notifications');
  }
}
