import 'reflect-metadata';

import { anOrderCompletedEvent } from '@shop/contracts/testing';
import { ProcessedMessages1732500000000 } from '@shop/messaging';
import { createPrivateDatabase, PrivateDatabase } from '@shop/platform/testing';
import { DataSource } from 'typeorm';

import { CatalogueAndOrderHistory1764000000000 } from '../migrations/1764000000000-catalogue-and-order-history';
import { ShopCatalogueAndRealHistory1764000000002 } from '../migrations/1764000000002-shop-catalogue-and-real-history';
import { OrderHistoryRepository } from '../recommender/order-history.repository';
import { OrderHistoryWriter } from './order-history.writer';

/** The advisor's history writer and its migrations against a real MariaDB (a private database per run). */

let db: PrivateDatabase;
let dataSource: DataSource;

const event = (orderId: string) => anOrderCompletedEvent({ orderId });

async function linesOf(orderId: string): Promise<{ product_id: string; quantity: number }[]> {
  return dataSource.query('SELECT product_id, quantity FROM order_lines WHERE order_id = ? ORDER BY product_id', [
    orderId,
  ]);
}

beforeAll(async () => {
  db = await createPrivateDatabase(
    'it_advisor_history',
    [ProcessedMessages1732500000000, CatalogueAndOrderHistory1764000000000],
    4,
  );
  dataSource = db.dataSource;
});

afterAll(() => db?.dispose());

describe('the advisor history (MariaDB)', () => {
  it('the catalogue migration replaces the old seed by the shop catalogue and deletes the generated history, keeping real orders', async () => {
    await dataSource.query(
      "INSERT INTO catalogue_products (id, name, species, category, price_cents) VALUES ('dog-bed', 'Old id', 'dog', 'habitat', 7999)",
    );
    await dataSource.query(
      `INSERT INTO order_lines (order_id, customer_id, product_id, quantity, unit_price_cents, ordered_at)
       VALUES ('seed-order-00001', 'customer-0001', 'dog-bed', 1, 7999, NOW(3)), ('real-order', 'c-9', 'DOG-BED-L', 1, 8900, NOW(3))`,
    );
    const runner = dataSource.createQueryRunner();
    try {
      await new ShopCatalogueAndRealHistory1764000000002().up(runner);
    } finally {
      await runner.release();
    }
    const products = await dataSource.query<{ id: string; price_cents: number }[]>(
      'SELECT id, price_cents FROM catalogue_products ORDER BY id',
    );
    expect(products.map((p) => p.id)).not.toContain('dog-bed');
    expect(products).toContainEqual({ id: 'DOG-LEASH-RED', price_cents: 1450 });
    expect(products).toHaveLength(18);
    expect(await dataSource.query('SELECT order_id FROM order_lines')).toEqual([{ order_id: 'real-order' }]);
  });

  it('records a completed order once: a redelivered event is a duplicate and adds nothing', async () => {
    const writer = new OrderHistoryWriter(dataSource, new OrderHistoryRepository(dataSource));
    expect(await writer.recordCompletedOrder(event('o-1'))).toBe('recorded');
    expect(await writer.recordCompletedOrder(event('o-1'))).toBe('duplicate');
    expect(await linesOf('o-1')).toEqual([
      { product_id: 'CAT-TREE-XL', quantity: 1 },
      { product_id: 'DOG-FOOD-12KG', quantity: 2 },
    ]);
  });

  it('two deliveries of one event racing record it once', async () => {
    const writer = new OrderHistoryWriter(dataSource, new OrderHistoryRepository(dataSource));
    const outcomes = await Promise.allSettled([
      writer.recordCompletedOrder(event('o-2')),
      writer.recordCompletedOrder(event('o-2')),
    ]);
    const values = outcomes.map((o) => (o.status === 'fulfilled' ? o.value : 'failed'));
    // The loser either sees the winner's inbox row (duplicate) or fails its insert and is retried by the consumer.
    expect(values.filter((v) => v === 'recorded')).toHaveLength(1);
    expect(await linesOf('o-2')).toHaveLength(2);
    expect(
      await new OrderHistoryWriter(dataSource, new OrderHistoryRepository(dataSource)).recordCompletedOrder(
        event('o-2'),
      ),
    ).toBe('duplicate');
  });
});
