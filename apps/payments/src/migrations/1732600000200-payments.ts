import { MigrationInterface, QueryRunner } from 'typeorm';

/** One payment per saga: its charge at the provider, its refund, and its retry schedule while queued. */
export class Payments1732600000200 implements MigrationInterface {
  name = 'Payments1732600000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE IF NOT EXISTS payments (
        saga_id CHAR(36) NOT NULL PRIMARY KEY,
        order_id CHAR(36) NOT NULL,
        status VARCHAR(16) NOT NULL,
        amount DECIMAL(12,2) NOT NULL,
        currency CHAR(3) NOT NULL,
        method VARCHAR(32) NOT NULL,
        charge_id VARCHAR(80) NULL,
        refund_id VARCHAR(80) NULL,
        attempts INT NOT NULL DEFAULT 0,
        pending_replied TINYINT(1) NOT NULL DEFAULT 0,
        last_error TEXT NULL,
        next_attempt_at DATETIME(3) NULL,
        command_id VARCHAR(64) NOT NULL,
        created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        KEY ix_payments_due (status, next_attempt_at)
      ) ENGINE=InnoDB`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS payments');
  }
}
