import { Injectable, Logger } from '@nestjs/common';
import {
  OrderLineRef,
  ProductInfo,
  ProductLookupReply,
  ReserveStockPayload,
  SAGA_TOPIC,
  SagaCommand,
  SagaReply,
} from '@shop/contracts';
import { enqueueMessage, recordIncomingMessage, replyTo } from '@shop/messaging';
import { DataSource, EntityManager } from 'typeorm';

import { ProductRow, ProductsRepository, StockColumn } from './products.repository';
import { ReservationRow, ReservationsRepository, ReservationStatus } from './reservations.repository';
import { StockMetrics } from './stock.metrics';

const SERVICE = 'inventory';

/** Sums quantities per SKU and sorts by SKU, so that every transaction locks products in one order (no deadlocks). */
export function normaliseLines(lines: OrderLineRef[]): OrderLineRef[] {
  const bySku = new Map<string, number>();
  for (const line of lines) bySku.set(line.sku, (bySku.get(line.sku) ?? 0) + line.quantity);
  return [...bySku].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([sku, quantity]) => ({ sku, quantity }));
}

/**
 * Stock and reservations. Units only move between `available`, `reserved` and `sold` of one
 * product row, in a transaction that holds the row lock, with a conditional update that can never
 * take `available` below zero; so stock is never negative under concurrent orders and
 * available + reserved + sold stays what was received.
 */
@Injectable()
export class StockService {
  private readonly logger = new Logger(StockService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly metrics: StockMetrics,
    private readonly products: ProductsRepository,
    private readonly reservations: ReservationsRepository,
  ) {}

  async lookup(skus: string[]): Promise<ProductLookupReply> {
    const wanted = [...new Set(skus.map(String))];
    if (wanted.length === 0) return { products: [], unknown: [] };
    const rows = await this.products.bySkus(wanted);
    const products = rows.map(toProduct);
    return { products, unknown: wanted.filter((sku) => !rows.some((r) => r.sku === sku)) };
  }

  /**
   * Applies one command idempotently: the message id is recorded in the same transaction as the
   * stock change and the reply, so a redelivered command changes nothing and is answered from
   * the reservation's current state.
   */
  async handle(command: SagaCommand): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const fresh = await recordIncomingMessage(m, command.messageId, SAGA_TOPIC.inventoryCommands);
      let reply: SagaReply | undefined;
      switch (command.action) {
        case 'RESERVE_STOCK':
          reply = fresh
            ? await this.reserve(m, command as SagaCommand<ReserveStockPayload>)
            : await this.reserveAnswer(m, command);
          break;
        case 'RELEASE_STOCK':
          if (fresh) await this.release(m, command);
          reply = replyTo(command, SERVICE, 'SUCCEEDED');
          break;
        case 'COMMIT_STOCK':
          if (fresh) await this.commit(m, command.sagaId);
          break; // fire-and-forget: nobody waits for this one
        default:
          throw new Error(`inventory cannot handle ${String(command.action)}`);
      }
      if (reply) await enqueueMessage(m, { topic: SAGA_TOPIC.replies, key: command.sagaId, payload: reply });
    });
  }

  private async reserve(m: EntityManager, command: SagaCommand<ReserveStockPayload>): Promise<SagaReply> {
    const existing = await this.reservation(m, command.sagaId);
    if (existing) return answerFor(command, existing.status);
    const lines = normaliseLines(command.payload.lines);
    const rows = await this.products.lockAvailable(
      m,
      lines.map((l) => l.sku),
    );
    const short = lines.filter((l) => (rows.find((r) => r.sku === l.sku)?.available ?? 0) < l.quantity);
    const expiresAt = new Date(Date.now() + command.payload.holdMs);
    if (short.length > 0) {
      await this.insertReservation(m, command, 'REJECTED', lines, expiresAt);
      return replyTo(command, SERVICE, 'FAILED', {
        errorCode: 'INSUFFICIENT_STOCK',
        error: `not enough stock for ${short.map((l) => l.sku).join(', ')}`,
      });
    }
    for (const line of lines) {
      if (!(await this.products.moveUnits(m, line, 'available', 'reserved')))
        throw new Error(`stock of ${line.sku} changed under a lock`);
    }
    await this.insertReservation(m, command, 'RESERVED', lines, expiresAt);
    return replyTo(command, SERVICE, 'SUCCEEDED', {
      data: { reservationId: command.sagaId, expiresAt: expiresAt.toISOString() },
    });
  }

  private async reserveAnswer(m: EntityManager, command: SagaCommand): Promise<SagaReply> {
    const existing = await this.reservation(m, command.sagaId);
    return existing
      ? answerFor(command, existing.status)
      : replyTo(command, SERVICE, 'FAILED', { errorCode: 'NO_RESERVATION', error: 'reservation not found' });
  }

  /** Gives the units back. A release before any reservation leaves a tombstone, so a late reserve is refused. */
  private async release(m: EntityManager, command: SagaCommand): Promise<void> {
    const existing = await this.reservation(m, command.sagaId);
    if (!existing) {
      await this.insertReservation(m, command, 'RELEASED', [], new Date());
      return;
    }
    if (existing.status === 'RESERVED' || existing.status === 'COMMITTED') {
      const from = existing.status === 'RESERVED' ? 'reserved' : 'sold';
      await this.moveUnits(m, linesOf(existing), from, 'available');
      await this.reservations.setStatus(m, command.sagaId, 'RELEASED');
    }
  }

  /**
   * The reservation becomes a sale and no longer expires. The order is paid by now, so a commit
   * that finds its reservation expired (the saga was held up past the hold) takes the units from
   * `available` again; if they were sold meanwhile, the reservation is marked OVERSOLD, counted
   * and logged as an error for an operator, never silently ignored.
   */
  private async commit(m: EntityManager, sagaId: string): Promise<void> {
    const existing = await this.reservation(m, sagaId);
    if (existing?.status === 'RESERVED') {
      await this.moveUnits(m, linesOf(existing), 'reserved', 'sold');
      await this.setStatus(m, sagaId, 'COMMITTED');
      return;
    }
    if (existing?.status !== 'EXPIRED') {
      if (existing?.status !== 'COMMITTED' && existing?.status !== 'OVERSOLD')
        this.logger.warn({ msg: 'stock commit for no live reservation ignored', sagaId, status: existing?.status });
      return;
    }
    const lines = normaliseLines(linesOf(existing));
    const rows = await this.products.lockAvailable(
      m,
      lines.map((l) => l.sku),
    );
    const short = lines.filter((l) => (rows.find((r) => r.sku === l.sku)?.available ?? 0) < l.quantity);
    if (short.length === 0) {
      await this.moveUnits(m, lines, 'available', 'sold');
      await this.setStatus(m, sagaId, 'COMMITTED');
      this.metrics.lateCommits.inc({ outcome: 're_reserved' });
      this.logger.warn({ msg: 'late stock commit: reservation had expired, units taken again', sagaId });
      return;
    }
    await this.setStatus(m, sagaId, 'OVERSOLD');
    const units = short.reduce((sum, line) => sum + line.quantity, 0);
    this.metrics.lateCommits.inc({ outcome: 'oversold' });
    this.metrics.oversoldUnits.inc(units);
    this.logger.error({
      msg: 'OVERSOLD: a paid order lost its expired reservation and the stock is gone',
      sagaId,
      short: short.map((l) => `${l.quantity} × ${l.sku}`),
    });
  }

  private async setStatus(m: EntityManager, sagaId: string, status: ReservationStatus): Promise<void> {
    await this.reservations.setStatus(m, sagaId, status);
  }

  /** Returns the units of one expired reservation (the saga died, or never confirmed). */
  async expire(sagaId: string, now = new Date()): Promise<boolean> {
    return this.dataSource.transaction(async (m) => {
      const row = await this.reservations.lockExpired(m, sagaId, now);
      if (!row) return false;
      await this.moveUnits(m, linesOf(row), 'reserved', 'available');
      await this.reservations.setStatus(m, sagaId, 'EXPIRED', now);
      return true;
    });
  }

  dueReservations(now = new Date(), limit = 100): Promise<string[]> {
    return this.reservations.due(now, limit);
  }

  private async moveUnits(m: EntityManager, lines: OrderLineRef[], from: StockColumn, to: StockColumn): Promise<void> {
    for (const line of normaliseLines(lines)) {
      if (!(await this.products.moveUnits(m, line, from, to)))
        throw new Error(`cannot move ${line.quantity} × ${line.sku} from ${from} to ${to}`);
    }
  }

  private reservation(m: EntityManager, sagaId: string): Promise<ReservationRow | undefined> {
    return this.reservations.lock(m, sagaId);
  }

  private insertReservation(
    m: EntityManager,
    command: SagaCommand,
    status: ReservationStatus,
    lines: OrderLineRef[],
    expiresAt: Date,
  ): Promise<void> {
    return this.reservations.insert(m, { sagaId: command.sagaId, orderId: command.orderId, status, lines, expiresAt });
  }
}

function linesOf(row: ReservationRow): OrderLineRef[] {
  return typeof row.line_items === 'string' ? (JSON.parse(row.line_items) as OrderLineRef[]) : row.line_items;
}

function answerFor(command: SagaCommand, status: ReservationStatus): SagaReply {
  if (status === 'RESERVED' || status === 'COMMITTED')
    return replyTo(command, SERVICE, 'SUCCEEDED', { data: { reservationId: command.sagaId } });
  if (status === 'REJECTED')
    return replyTo(command, SERVICE, 'FAILED', { errorCode: 'INSUFFICIENT_STOCK', error: 'not enough stock' });
  return replyTo(command, SERVICE, 'FAILED', {
    errorCode: `RESERVATION_${status}`,
    error: `reservation is ${status.toLowerCase()}`,
  });
}

function toProduct(r: ProductRow): ProductInfo {
  return {
    sku: r.sku,
    name: r.name,
    species: r.species,
    category: r.category,
    price: Number(r.price),
    currency: r.currency,
    weightKg: Number(r.weight_kg),
    available: Number(r.available),
    reserved: Number(r.reserved),
    sold: Number(r.sold),
  };
}
