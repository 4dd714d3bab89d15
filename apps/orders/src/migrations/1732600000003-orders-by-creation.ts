import { MigrationInterface, QueryRunner } from 'typeorm';

/** Sales reports read the orders placed in a time range (`GET /api/reports/sales`): index that. */
export class OrdersByCreation1732600000003 implements MigrationInterface {
  name = 'OrdersByCreation1732600000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX ix_orders_created ON orders (created_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX ix_orders_created ON orders');
  }
}
