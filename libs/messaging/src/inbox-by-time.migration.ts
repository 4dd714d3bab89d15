import { MigrationInterface, QueryRunner } from 'typeorm';

/** Lets the inbox pruner find expired message ids without scanning the whole inbox. */
export class ProcessedMessagesByTime1732500000001 implements MigrationInterface {
  name = 'ProcessedMessagesByTime1732500000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE INDEX processed_messages_processed_at ON processed_messages (processed_at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX processed_messages_processed_at ON processed_messages');
  }
}
