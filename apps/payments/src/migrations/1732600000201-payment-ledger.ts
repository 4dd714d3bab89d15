import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ledger of every provider call (charge, void, refund) with its idempotency key and answer,
 * and the refund command a payment owes a reply to once its void or refund is confirmed.
 */
export class PaymentLedger1732600000201 implements MigrationInterface {
  name = 'PaymentLedger1732600000201';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE payments ADD COLUMN IF NOT EXISTS refund_command_id VARCHAR(64) NULL');
    await q.query(`
      CREATE TABLE IF NOT EXISTS payment_ledger (
        id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
        saga_id CHAR(36) NOT NULL,
        operation VARCHAR(8) NOT NULL,
        idempotency_key VARCHAR(80) NOT NULL,
        outcome VARCHAR(16) NOT NULL,
        provider_ref VARCHAR(80) NULL,
        detail VARCHAR(1000) NULL,
        created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        KEY ix_payment_ledger_saga (saga_id, id)
      ) ENGINE=InnoDB`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS payment_ledger');
    await q.query('ALTER TABLE payments DROP COLUMN IF EXISTS refund_command_id');
  }
}
