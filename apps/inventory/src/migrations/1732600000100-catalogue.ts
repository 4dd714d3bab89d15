import { CATALOGUE, CatalogueItem } from '@shop/contracts';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The products this migration seeds, from the shop's one catalogue (`CATALOGUE` in
 * @shop/contracts): SKU, name, species, category, price in euros, weight, initial stock.
 */
export function seedProductRows(catalogue: readonly CatalogueItem[] = CATALOGUE): (string | number)[][] {
  return catalogue.map((p) => [p.sku, p.name, p.species, p.category, p.priceCents / 100, p.weightKg, p.initialStock]);
}

export class Catalogue1732600000100 implements MigrationInterface {
  name = 'Catalogue1732600000100';

  async up(q: QueryRunner): Promise<void> {
    // available + reserved + sold is the stock ever received: reservations and sales only move units between the columns.
    await q.query(`
      CREATE TABLE IF NOT EXISTS products (
        sku VARCHAR(32) NOT NULL PRIMARY KEY,
        name VARCHAR(200) NOT NULL,
        species VARCHAR(32) NOT NULL,
        category VARCHAR(32) NOT NULL,
        price DECIMAL(12,2) NOT NULL,
        currency CHAR(3) NOT NULL DEFAULT 'EUR',
        weight_kg DECIMAL(10,3) NOT NULL,
        available INT NOT NULL,
        reserved INT NOT NULL DEFAULT 0,
        sold INT NOT NULL DEFAULT 0,
        CONSTRAINT ck_products_available CHECK (available >= 0),
        CONSTRAINT ck_products_reserved CHECK (reserved >= 0),
        CONSTRAINT ck_products_sold CHECK (sold >= 0)
      ) ENGINE=InnoDB`);
    await q.query(`
      CREATE TABLE IF NOT EXISTS reservations (
        saga_id CHAR(36) NOT NULL PRIMARY KEY,
        order_id CHAR(36) NOT NULL,
        status VARCHAR(16) NOT NULL,
        line_items JSON NOT NULL,
        expires_at DATETIME(3) NOT NULL,
        created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        KEY ix_reservations_expiry (status, expires_at)
      ) ENGINE=InnoDB`);
    const rows = seedProductRows();
    await q.query(
      `INSERT IGNORE INTO products (sku, name, species, category, price, weight_kg, available) VALUES ${rows.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      rows.flat(),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS reservations');
    await q.query('DROP TABLE IF EXISTS products');
  }
}
