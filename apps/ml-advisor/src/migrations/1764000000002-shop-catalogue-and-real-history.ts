import { CATALOGUE } from '@shop/contracts';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One catalogue and a history of real orders only. The advisor's catalogue copy becomes the
 * shop's catalogue (`CATALOGUE` of @shop/contracts, the SKUs inventory sells and orders carry),
 * replacing the product ids of its first seed, and the generated order history that seed wrote
 * (order ids `seed-order-…`) is deleted: from here on the history is what `orders.completed`
 * brings. Databases created after this change never had that seed; for them this only fills the
 * catalogue.
 */
export class ShopCatalogueAndRealHistory1764000000002 implements MigrationInterface {
  name = 'ShopCatalogueAndRealHistory1764000000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DELETE FROM order_lines WHERE order_id LIKE 'seed-order-%'");
    await queryRunner.query('DELETE FROM catalogue_products');
    await queryRunner.query(
      `INSERT INTO catalogue_products (id, name, species, category, price_cents) VALUES ${CATALOGUE.map(() => '(?, ?, ?, ?, ?)').join(', ')}`,
      CATALOGUE.flatMap((p) => [p.sku, p.name, p.species, p.category, p.priceCents]),
    );
  }

  /** Empties the catalogue; the deleted history is not brought back (it was never real). */
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DELETE FROM catalogue_products');
  }
}
