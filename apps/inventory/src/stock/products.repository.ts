import { Injectable } from '@nestjs/common';
import { OrderLineRef } from '@shop/contracts';
import { DataSource, EntityManager } from 'typeorm';

export interface ProductRow {
  sku: string;
  name: string;
  species: string;
  category: string;
  price: string;
  currency: string;
  weight_kg: string;
  available: number;
  reserved: number;
  sold: number;
}

export type StockColumn = 'reserved' | 'sold' | 'available';

/** The products and their units. Methods that take an `EntityManager` run in the caller's transaction. */
@Injectable()
export class ProductsRepository {
  constructor(private readonly db: DataSource) {}

  bySkus(skus: string[]): Promise<ProductRow[]> {
    return this.db.query<ProductRow[]>('SELECT * FROM products WHERE sku IN (?)', [skus]);
  }

  /** Available units of `skus`, their rows locked in SKU order (so two transactions never deadlock). */
  lockAvailable(m: EntityManager, skus: string[]): Promise<{ sku: string; available: number }[]> {
    return m.query<{ sku: string; available: number }[]>(
      'SELECT sku, available FROM products WHERE sku IN (?) ORDER BY sku FOR UPDATE',
      [skus],
    );
  }

  /**
   * Moves units of one SKU from one column to another, only if `from` holds them; false when it
   * does not (nothing changed).
   */
  async moveUnits(m: EntityManager, line: OrderLineRef, from: StockColumn, to: StockColumn): Promise<boolean> {
    const result = await m.query<{ affectedRows: number }>(
      `UPDATE products SET ${from} = ${from} - ?, ${to} = ${to} + ? WHERE sku = ? AND ${from} >= ?`,
      [line.quantity, line.quantity, line.sku, line.quantity],
    );
    return result.affectedRows === 1;
  }
}
