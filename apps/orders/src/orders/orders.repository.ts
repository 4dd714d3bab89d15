import { Injectable } from '@nestjs/common';
import { OrderStatus, OrderView, PlaceOrderRequest } from '@shop/contracts';
import { DataSource, EntityManager } from 'typeorm';

import { CompletedOrderLineRow, CompletedOrderRow } from '../saga/order-completed.event';

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

/** The columns of an order its saga's commands are built from. */
export interface OrderForSaga {
  id: string;
  customer_id: string;
  currency: string;
  total: string | null;
  payment_method: string;
}

/** What the carrier is asked to quote for. */
export interface ShippingInputRow {
  shipping_address: string | { country: string };
  weight_kg: string;
  items: string;
}

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

  async setStatus(m: EntityManager, orderId: string, status: OrderStatus, now: Date): Promise<void> {
    await m.query('UPDATE orders SET status = ?, updated_at = ? WHERE id = ?', [status, now, orderId]);
  }

  /** The payment went through: its charge, and the order back from PAYMENT_PENDING. */
  async setCharge(m: EntityManager, orderId: string, chargeId: string | null, now: Date): Promise<void> {
    await m.query("UPDATE orders SET charge_id = ?, status = 'PENDING', updated_at = ? WHERE id = ?", [
      chargeId,
      now,
      orderId,
    ]);
  }

  async setShipping(m: EntityManager, orderId: string, cost: number, fallback: boolean, now: Date): Promise<void> {
    await m.query(
      'UPDATE orders SET shipping_cost = ?, shipping_fallback = ?, total = ROUND(items_total + ?, 2), updated_at = ? WHERE id = ?',
      [cost, fallback ? 1 : 0, cost, now, orderId],
    );
  }

  async shippingInput(sagaId: string): Promise<ShippingInputRow | undefined> {
    const [order] = await this.db.query<ShippingInputRow[]>(
      `SELECT o.shipping_address, o.weight_kg, (SELECT SUM(quantity) FROM order_lines l WHERE l.order_id = o.id) AS items
       FROM orders o JOIN sagas s ON s.order_id = o.id WHERE s.id = ?`,
      [sagaId],
    );
    return order;
  }

  async forSaga(m: EntityManager, orderId: string): Promise<OrderForSaga> {
    const [order] = await m.query<OrderForSaga[]>(
      'SELECT id, customer_id, currency, total, payment_method FROM orders WHERE id = ?',
      [orderId],
    );
    return order;
  }

  async completed(
    m: EntityManager,
    orderId: string,
  ): Promise<{ order: CompletedOrderRow; lines: CompletedOrderLineRow[] }> {
    const [order] = await m.query<CompletedOrderRow[]>('SELECT id, customer_id, total FROM orders WHERE id = ?', [
      orderId,
    ]);
    const lines = await m.query<CompletedOrderLineRow[]>(
      'SELECT sku, quantity, unit_price FROM order_lines WHERE order_id = ? ORDER BY line_no',
      [orderId],
    );
    return { order, lines };
  }
}
