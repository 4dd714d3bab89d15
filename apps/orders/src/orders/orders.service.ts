import { randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import { OrderView, PlaceOrderReply, PlaceOrderRequest, ShippingAddress } from '@shop/contracts';
import { DataSource, EntityManager } from 'typeorm';

import { SagaEngine } from '../saga/saga.engine';
import { orderContextOf } from '../saga/saga.order-context';
import { SagaQueries } from '../saga/saga.queries';
import { roundToCent, toCents } from './money';
import { OrderDomainError } from './orders.errors';
import { OrdersRepository } from './orders.repository';

@Injectable()
export class OrdersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly engine: SagaEngine,
    private readonly sagas: SagaQueries,
    private readonly orders: OrdersRepository,
  ) {}

  /**
   * Places an order and starts its saga, once per idempotency key: the same key with the same
   * body returns the first order; with another body it is a conflict. The order, its saga and the
   * first command commit together.
   */
  async placeOrder(request: PlaceOrderRequest): Promise<PlaceOrderReply> {
    const existing = await this.findByIdempotencyKey(request);
    if (existing) return existing;
    const orderId = randomUUID();
    const itemsTotal = roundToCent(request.lines.reduce((sum, l) => sum + l.unitPrice * l.quantity, 0));
    const weightKg = request.lines.reduce((sum, l) => sum + l.weightKg * l.quantity, 0);
    try {
      const { sagaId, effects } = await this.dataSource.transaction(async (m) => {
        await this.orders.insert(m, { id: orderId, itemsTotal, weightKg }, request);
        return this.engine.createSaga(m, orderId, orderContextOf(request, itemsTotal, weightKg));
      });
      this.engine.afterPlacement(sagaId, effects);
      return { orderId, sagaId, replayed: false };
    } catch (error) {
      // Two requests with one key raced: the loser answers like a replay (or a conflict).
      if ((error as { code?: string }).code === 'ER_DUP_ENTRY') {
        const winner = await this.findByIdempotencyKey(request);
        if (winner) return winner;
      }
      throw error;
    }
  }

  private async findByIdempotencyKey(request: PlaceOrderRequest): Promise<PlaceOrderReply | undefined> {
    const row = await this.orders.byIdempotencyKey(request.idempotencyKey);
    if (!row) return undefined;
    if (row.request_hash !== request.requestHash) {
      throw new OrderDomainError(
        'IDEMPOTENCY_CONFLICT',
        `Idempotency-Key was already used for a different order (${row.id})`,
        'Idempotency-Key',
      );
    }
    return { orderId: row.id, sagaId: row.saga_id, replayed: true };
  }

  /**
   * The order, its lines and its saga read in one REPEATABLE READ snapshot: separate reads could
   * straddle a saga transition and show, say, a FAILED saga on an order still PAYMENT_PENDING.
   * An unknown id is answered from one indexed read first, without the transaction's four round
   * trips (isolation level, begin, read, rollback): clients polling for an order, and mistyped or
   * guessed ids, cost orders and MySQL a quarter as much. Orders are never deleted, so an id found
   * there is found again in the snapshot.
   */
  async getOrder(orderId: string): Promise<OrderView> {
    if (!(await this.orders.exists(orderId))) throw orderNotFound(orderId);
    return this.dataSource.transaction('REPEATABLE READ', (m) => this.readOrder(m, orderId));
  }

  private async readOrder(m: EntityManager, orderId: string): Promise<OrderView> {
    const row = await this.orders.find(m, orderId);
    if (!row) throw orderNotFound(orderId);
    const lines = await this.orders.lines(m, orderId);
    const saga = await this.sagas.byOrder(orderId, m);
    return {
      orderId: row.id,
      customerId: row.customer_id,
      status: row.status,
      currency: row.currency,
      itemsTotal: toCents(row.items_total),
      shippingCost: row.shipping_cost === null ? null : toCents(row.shipping_cost),
      shippingFallback: Number(row.shipping_fallback) === 1,
      total: row.total === null ? null : toCents(row.total),
      paymentMethod: row.payment_method,
      chargeId: row.charge_id,
      shippingAddress:
        typeof row.shipping_address === 'string'
          ? (JSON.parse(row.shipping_address) as ShippingAddress)
          : row.shipping_address,
      lines: lines.map((l) => ({
        sku: l.sku,
        name: l.name,
        quantity: Number(l.quantity),
        unitPrice: toCents(l.unit_price),
      })),
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
      saga: saga!,
    };
  }
}

const orderNotFound = (orderId: string): OrderDomainError =>
  new OrderDomainError('NOT_FOUND', `no order ${orderId}`, 'id');
