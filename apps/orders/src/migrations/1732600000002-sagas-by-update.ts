import { MigrationInterface, QueryRunner } from 'typeorm';

/** Operators list the most recently updated sagas (`GET /api/sagas`): index that order. */
export class SagasByUpdate1732600000002 implements MigrationInterface {
  name = 'SagasByUpdate1732600000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX ix_sagas_updated ON sagas (updated_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX ix_sagas_updated ON sagas');
  }
}
