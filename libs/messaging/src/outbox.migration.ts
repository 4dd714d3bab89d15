import { FIELD_LIMITS } from '@shop/contracts';
import { MigrationInterface, QueryRunner } from 'typeorm';

/** The transactional outbox: messages written in the same transaction as the state change. */
export class Outbox1732600000001 implements MigrationInterface {
  name = 'Outbox1732600000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE IF NOT EXISTS outbox (
        id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
        topic VARCHAR(249) NOT NULL,
        message_key VARCHAR(128) NULL,
        payload LONGTEXT NOT NULL,
        correlation_id VARCHAR(${FIELD_LIMITS.correlationId}) NULL,
        created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
      ) ENGINE=InnoDB`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS outbox');
  }
}
