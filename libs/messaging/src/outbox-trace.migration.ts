import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The W3C `traceparent` of the span that wrote an outbox row, stored with it in the same
 * transaction, so the relay's publish (and the consumer's handling) continue that trace even
 * when the row is published by another process after a crash. 55 characters: version, trace id,
 * span id and flags; NULL when tracing is off.
 */
export class OutboxTraceContext1765000000000 implements MigrationInterface {
  name = 'OutboxTraceContext1765000000000';

  async up(q: QueryRunner): Promise<void> {
    // Checked first rather than ADD COLUMN IF NOT EXISTS, which MySQL 8 (compose, k8s) lacks.
    const [{ n }] = (await q.query(
      "SELECT COUNT(*) AS n FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'outbox' AND column_name = 'trace_context'",
    )) as { n: number | string }[];
    if (Number(n) === 0) await q.query('ALTER TABLE outbox ADD COLUMN trace_context VARCHAR(55) NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE outbox DROP COLUMN trace_context');
  }
}
