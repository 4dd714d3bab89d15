import { MigrationInterface, QueryRunner } from 'typeorm';

/** A pet-store catalogue: SKU, name, species, category, price, weight, stock. */
export const SEED_PRODUCTS: readonly [sku: string, name: string, species: string, category: string, price: number, weightKg: number, stock: number][] = [
  ['DOG-FOOD-12KG', 'Grain-free adult dog food 12 kg', 'dog', 'food', 54.9, 12, 100000],
  ['DOG-LEASH-RED', 'Reflective leash, red, 2 m', 'dog', 'accessories', 14.5, 0.3, 100000],
  ['DOG-BED-L', 'Orthopaedic dog bed, large', 'dog', 'beds', 89, 4.5, 100000],
  ['DOG-TREATS-500', 'Chicken training treats 500 g', 'dog', 'treats', 7.99, 0.5, 100000],
  ['CAT-FOOD-4KG', 'Indoor cat dry food 4 kg', 'cat', 'food', 24.5, 4, 100000],
  ['CAT-LITTER-10L', 'Clumping cat litter 10 l', 'cat', 'hygiene', 9.9, 8, 100000],
  ['CAT-TREE-XL', 'Cat tree with scratching posts, 180 cm', 'cat', 'furniture', 149, 22, 100000],
  ['CAT-TOY-MOUSE', 'Catnip mouse, 3 pack', 'cat', 'toys', 4.5, 0.1, 100000],
  ['FISH-FLAKES-250', 'Tropical fish flakes 250 ml', 'fish', 'food', 6.2, 0.1, 100000],
  ['FISH-AQUA-300L', 'Aquarium 300 l with cabinet', 'fish', 'aquariums', 899, 95, 100000],
  ['FISH-FILTER-EXT', 'External canister filter', 'fish', 'equipment', 129, 5, 100000],
  ['BIRD-SEED-2KG', 'Budgie seed mix 2 kg', 'bird', 'food', 5.9, 2, 100000],
  ['BIRD-CAGE-M', 'Bird cage, medium', 'bird', 'cages', 69, 7, 100000],
  ['RAB-HAY-1KG', 'Meadow hay 1 kg', 'rabbit', 'food', 4.99, 1, 100000],
  ['RAB-HUTCH', 'Outdoor rabbit hutch', 'rabbit', 'housing', 219, 30, 100000],
  ['REP-LAMP-UVB', 'UVB lamp for terrariums', 'reptile', 'equipment', 39.9, 0.4, 100000],
  // Scarce items, for stock contention (tests set their stock before use).
  ['DOG-HARNESS-LTD', 'Limited edition harness', 'dog', 'accessories', 39, 0.4, 10],
  ['CAT-FOUNTAIN-LTD', 'Limited ceramic cat fountain', 'cat', 'accessories', 59, 2, 10],
];

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
    await q.query(
      `INSERT IGNORE INTO products (sku, name, species, category, price, weight_kg, available) VALUES ${SEED_PRODUCTS.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      SEED_PRODUCTS.flat(),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS reservations');
    await q.query('DROP TABLE IF EXISTS products');
  }
}
