import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The inbox of an idempotent consumer: Kafka delivers at least once, so a service records each
 * message id in the same transaction as the message's effect and skips ids it has seen.
 * Every service that owns a database runs this migration first.
 */
export class ProcessedMessages1732500000000 implements MigrationInterface {
  name = 'ProcessedMessages1732500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS processed_messages (
        message_id VARCHAR(64) NOT NULL PRIMARY KEY,
        topic VARCHAR(249) NOT NULL,
        processed_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
      ) ENGINE=InnoDB`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE IF EXISTS processed_messages');
  }
}
