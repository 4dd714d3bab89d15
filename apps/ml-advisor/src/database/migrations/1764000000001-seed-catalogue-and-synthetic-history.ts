import { MigrationInterface, QueryRunner } from 'typeorm';
import { SEED_CATALOGUE } from '../seed-catalogue';
import { syntheticOrderHistory } from '../synthetic-history';

/**
 * Seeds the catalogue and a deterministic synthetic order history (400 customers, 3000 orders
 * over the 180 days before the first start). Orders belong to the orders service; until the saga
 * publishes order events the advisor can consume, this history is what it learns from.
 */
export class SeedCatalogueAndSyntheticHistory1764000000001 implements MigrationInterface {
  name = 'SeedCatalogueAndSyntheticHistory1764000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    const price = new Map(SEED_CATALOGUE.map((p) => [p.id, p.priceCents]));
    for (const p of SEED_CATALOGUE) {
      await queryRunner.query(
        'INSERT IGNORE INTO catalogue_products (id, name, species, category, price_cents) VALUES (?, ?, ?, ?, ?)',
        [p.id, p.name, p.species, p.category, p.priceCents],
      );
    }
    const lines = syntheticOrderHistory(SEED_CATALOGUE, { customers: 400, orders: 3000, days: 180, until: new Date(), seed: 20261125 });
    for (let i = 0; i < lines.length; i += 500) {
      const chunk = lines.slice(i, i + 500);
      await queryRunner.query(
        `INSERT IGNORE INTO order_lines (order_id, customer_id, product_id, quantity, unit_price_cents, ordered_at) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}`,
        chunk.flatMap((l) => [l.orderId, l.customerId, l.productId, l.quantity, price.get(l.productId)!, l.orderedAt]),
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DELETE FROM order_lines WHERE order_id LIKE 'seed-order-%'");
    await queryRunner.query('DELETE FROM catalogue_products');
  }
}
