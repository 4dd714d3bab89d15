import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

import type { OrderLineRow } from '../order-events/order-completed.mapping';
import type { Basket } from './co-occurrence';

/** The order lines the model learns from: written from completed orders, read as baskets. */
@Injectable()
export class OrderHistoryRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Adds a completed order's rows in the caller's transaction. The key (order, product) is a
   * second guard: even a replay under another event id cannot add a row.
   */
  async insert(m: EntityManager, rows: readonly OrderLineRow[]): Promise<void> {
    await m.query(
      `INSERT INTO order_lines (order_id, customer_id, product_id, quantity, unit_price_cents, ordered_at) VALUES ${rows.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}
         ON DUPLICATE KEY UPDATE quantity = VALUES(quantity), unit_price_cents = VALUES(unit_price_cents)`,
      rows.flatMap((r) => [r.orderId, r.customerId, r.productId, r.quantity, r.unitPriceCents, r.orderedAt]),
    );
  }

  async baskets(): Promise<Basket[]> {
    const rows: { order_id: string; customer_id: string; product_id: string }[] = await this.db.query(
      'SELECT order_id, customer_id, product_id FROM order_lines ORDER BY order_id',
    );
    const baskets = new Map<string, Basket & { productIds: string[] }>();
    for (const row of rows) {
      let basket = baskets.get(row.order_id);
      if (!basket) baskets.set(row.order_id, (basket = { customerId: row.customer_id, productIds: [] }));
      basket.productIds.push(row.product_id);
    }
    return [...baskets.values()];
  }

  /** Distinct products a customer has ordered. */
  async purchasedBy(customerId: string): Promise<string[]> {
    const rows: { product_id: string }[] = await this.db.query(
      'SELECT DISTINCT product_id FROM order_lines WHERE customer_id = ?',
      [customerId],
    );
    return rows.map((r) => r.product_id);
  }

  async recordRun(run: {
    trainedAt: Date;
    trigger: string;
    baskets: number;
    products: number;
    durationMs: number;
  }): Promise<number> {
    const result: { insertId: number } = await this.db.query(
      'INSERT INTO model_runs (trained_at, trigger_reason, baskets, products, duration_ms) VALUES (?, ?, ?, ?, ?)',
      [run.trainedAt, run.trigger, run.baskets, run.products, Math.round(run.durationMs)],
    );
    return result.insertId;
  }
}
