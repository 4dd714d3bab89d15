import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The deadline (epoch ms) of a message whose sender stops waiting for it, stored with the row so
 * that it travels in the `x-deadline` header however long the row waits in the outbox (a broker
 * outage, a crash before the relay ran). NULL for the many messages that must always be handled.
 */
export class OutboxDeadline1766000000000 implements MigrationInterface {
  name = 'OutboxDeadline1766000000000';

  async up(q: QueryRunner): Promise<void> {
    // Checked first rather than ADD COLUMN IF NOT EXISTS, which MySQL 8 (compose, k8s) lacks.
    const [{ n }] = (await q.query(
      "SELECT COUNT(*) AS n FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'outbox' AND column_name = 'deadline_at'",
    )) as { n: number | string }[];
    if (Number(n) === 0) await q.query('ALTER TABLE outbox ADD COLUMN deadline_at BIGINT NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE outbox DROP COLUMN deadline_at');
  }
}
