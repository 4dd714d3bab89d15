import { Injectable } from '@nestjs/common';
import { OrderStatus, OrderView, PlaceOrderRequest } from '@shop/contracts';
import { DataSource, EntityManager } from 'typeorm';

export interface OrderRow {
  id: string;
  customer_id: string;
  status: OrderView['status'];
  currency: string;
  items_total: string;
  shipping_cost: string | null;
  shipping_fallback: number;
  total: string | null;
  payment_method: string;
  shipping_address: string | OrderView['shippingAddress'];
  charge_id: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface OrderLineRow {
  sku: string;
  name: string;
  quantity: number;
  unit_price: string;
}

/** Columns a saga transition may change (amounts in euros); values are always bound as parameters. */
export type OrderChanges = Partial<{
  status: OrderStatus;
  charge_id: string | null;
  shipping_cost: number;
  shipping_fallback: 0 | 1;
  total: number;
}>;

export interface NewOrder {
  id: string;
  itemsTotal: number;
  weightKg: number;
}

/**
 * The orders and their lines. Methods that take an `EntityManager` run in the caller's
 * transaction (a placement, a saga transition); the others on the pool.
 */
@Injectable()
export class OrdersRepository {
  constructor(private readonly db: DataSource) {}

  /** Writes the order and its lines; `ER_DUP_ENTRY` when the idempotency key is taken. */
  async insert(m: EntityManager, order: NewOrder, request: PlaceOrderRequest): Promise<void> {
    await m.query(
      `INSERT INTO orders (id, customer_id, idempotency_key, request_hash, status, currency, items_total, weight_kg, payment_method, shipping_address)
       VALUES (?, ?, ?, ?, 'PENDING', ?, ?, ?, ?, ?)`,
      [
        order.id,
        request.customerId,
        request.idempotencyKey,
        request.requestHash,
        request.currency,
        order.itemsTotal,
        order.weightKg,
        request.paymentMethod,
        JSON.stringify(request.shippingAddress),
      ],
    );
    await m.query(
      `INSERT INTO order_lines (order_id, line_no, sku, name, quantity, unit_price) VALUES ${request.lines.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}`,
      request.lines.flatMap((l, i) => [order.id, i + 1, l.sku, l.name, l.quantity, l.unitPrice]),
    );
  }

  async byIdempotencyKey(key: string): Promise<{ id: string; request_hash: string; saga_id: string } | undefined> {
    const [row] = await this.db.query<{ id: string; request_hash: string; saga_id: string }[]>(
      'SELECT o.id, o.request_hash, s.id AS saga_id FROM orders o JOIN sagas s ON s.order_id = o.id WHERE o.idempotency_key = ?',
      [key],
    );
    return row;
  }

  /** One indexed read, outside any transaction. */
  async exists(orderId: string): Promise<boolean> {
    const [known] = await this.db.query<unknown[]>('SELECT 1 AS known FROM orders WHERE id = ?', [orderId]);
    return known !== undefined;
  }

  async find(m: EntityManager, orderId: string): Promise<OrderRow | undefined> {
    const [row] = await m.query<OrderRow[]>('SELECT * FROM orders WHERE id = ?', [orderId]);
    return row;
  }

  lines(m: EntityManager, orderId: string): Promise<OrderLineRow[]> {
    return m.query<OrderLineRow[]>(
      'SELECT sku, name, quantity, unit_price FROM order_lines WHERE order_id = ? ORDER BY line_no',
      [orderId],
    );
  }

  /** Writes `changes` to the order in one statement (none when there are none). */
  async update(m: EntityManager, orderId: string, changes: OrderChanges, now: Date): Promise<void> {
    const columns = Object.keys(changes) as (keyof OrderChanges)[];
    if (columns.length === 0) return;
    await m.query(
      `UPDATE orders SET ${columns.map((column) => `${column} = ?`).join(', ')}, updated_at = ? WHERE id = ?`,
      [...columns.map((column) => changes[column]), now, orderId],
    );
  }
}
