import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The advisor's own data: its copy of the catalogue, the order lines it learns from, and a log
 * of training runs (what each model version was trained on).
 */
export class CatalogueAndOrderHistory1764000000000 implements MigrationInterface {
  name = 'CatalogueAndOrderHistory1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS catalogue_products (
        id VARCHAR(64) NOT NULL PRIMARY KEY,
        name VARCHAR(200) NOT NULL,
        species VARCHAR(32) NOT NULL,
        category VARCHAR(32) NOT NULL,
        price_cents INT UNSIGNED NOT NULL,
        updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3)
      ) ENGINE=InnoDB`);
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS order_lines (
        order_id VARCHAR(64) NOT NULL,
        customer_id VARCHAR(64) NOT NULL,
        product_id VARCHAR(64) NOT NULL,
        quantity INT UNSIGNED NOT NULL,
        unit_price_cents INT UNSIGNED NOT NULL,
        ordered_at DATETIME(3) NOT NULL,
        PRIMARY KEY (order_id, product_id),
        KEY order_lines_customer (customer_id),
        KEY order_lines_ordered_at (ordered_at)
      ) ENGINE=InnoDB`);
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS model_runs (
        version INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
        trained_at DATETIME(3) NOT NULL,
        trigger_reason VARCHAR(32) NOT NULL,
        baskets INT UNSIGNED NOT NULL,
        products INT UNSIGNED NOT NULL,
        duration_ms INT UNSIGNED NOT NULL
      ) ENGINE=InnoDB`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE IF EXISTS model_runs');
    await queryRunner.query('DROP TABLE IF EXISTS order_lines');
    await queryRunner.query('DROP TABLE IF EXISTS catalogue_products');
  }
}
