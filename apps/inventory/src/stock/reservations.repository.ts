import { Injectable } from '@nestjs/common';
import { OrderLineRef } from '@shop/contracts';
import { DataSource, EntityManager } from 'typeorm';

/** OVERSOLD: paid, but its reservation had expired and its units were sold meanwhile. */
export type ReservationStatus = 'RESERVED' | 'COMMITTED' | 'RELEASED' | 'EXPIRED' | 'REJECTED' | 'OVERSOLD';

export interface ReservationRow {
  saga_id: string;
  status: ReservationStatus;
  line_items: string | OrderLineRef[];
}

export interface NewReservation {
  sagaId: string;
  orderId: string;
  status: ReservationStatus;
  lines: OrderLineRef[];
  expiresAt: Date;
}

/** One reservation per saga. Methods that take an `EntityManager` run in the caller's transaction. */
@Injectable()
export class ReservationsRepository {
  constructor(private readonly db: DataSource) {}

  /** The saga's reservation, locked until the transaction ends. */
  async lock(m: EntityManager, sagaId: string): Promise<ReservationRow | undefined> {
    const [row] = await m.query<ReservationRow[]>(
      'SELECT saga_id, status, line_items FROM reservations WHERE saga_id = ? FOR UPDATE',
      [sagaId],
    );
    return row;
  }

  /** The saga's reservation if it is RESERVED and expired at `now`, locked. */
  async lockExpired(m: EntityManager, sagaId: string, now: Date): Promise<ReservationRow | undefined> {
    const [row] = await m.query<ReservationRow[]>(
      "SELECT * FROM reservations WHERE saga_id = ? AND status = 'RESERVED' AND expires_at <= ? FOR UPDATE",
      [sagaId, now],
    );
    return row;
  }

  async insert(m: EntityManager, r: NewReservation): Promise<void> {
    await m.query(
      'INSERT INTO reservations (saga_id, order_id, status, line_items, expires_at) VALUES (?, ?, ?, ?, ?)',
      [r.sagaId, r.orderId, r.status, JSON.stringify(r.lines), r.expiresAt],
    );
  }

  async setStatus(m: EntityManager, sagaId: string, status: ReservationStatus, now = new Date()): Promise<void> {
    await m.query('UPDATE reservations SET status = ?, updated_at = ? WHERE saga_id = ?', [status, now, sagaId]);
  }

  /** Sagas whose RESERVED reservation has expired at `now`. */
  async due(now: Date, limit: number): Promise<string[]> {
    const rows = await this.db.query<{ saga_id: string }[]>(
      "SELECT saga_id FROM reservations WHERE status = 'RESERVED' AND expires_at <= ? LIMIT ?",
      [now, limit],
    );
    return rows.map((r) => r.saga_id);
  }
}
