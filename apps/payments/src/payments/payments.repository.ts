import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/**
 * A payment's states. `VOID_PENDING` and `REFUND_PENDING` are promises to the customer that the
 * settle loop keeps until the provider confirms them: no money stays on a cancelled order.
 */
export type PaymentStatus =
  'PENDING' | 'CAPTURED' | 'DECLINED' | 'VOID_PENDING' | 'VOIDED' | 'REFUND_PENDING' | 'REFUNDED';

/** States the settle loop works on until they reach a final one. */
export const UNSETTLED: readonly PaymentStatus[] = ['PENDING', 'VOID_PENDING', 'REFUND_PENDING'];

export interface PaymentRow {
  saga_id: string;
  order_id: string;
  status: PaymentStatus;
  amount: string;
  currency: string;
  charge_id: string | null;
  refund_id: string | null;
  attempts: number;
  pending_replied: number;
  command_id: string;
  refund_command_id: string | null;
  last_error: string | null;
}

/** One provider call and what it told us, in the transaction that acted on it. */
export interface LedgerEntry {
  sagaId: string;
  operation: 'CHARGE' | 'VOID' | 'REFUND';
  idempotencyKey: string;
  /** What the provider answered: CAPTURED, DECLINED, VOIDED, REFUNDED, or UNKNOWN when the call failed. */
  outcome: string;
  providerRef?: string | null;
  detail?: string | null;
}

export interface NewPayment {
  sagaId: string;
  orderId: string;
  status: PaymentStatus;
  amount: number;
  currency: string;
  method: string;
  commandId: string;
  refundCommandId?: string;
  nextAttemptAt?: Date | null;
}

/** Columns a transition may change; values are always bound as parameters. */
type PaymentChanges = Partial<{
  status: PaymentStatus;
  charge_id: string;
  refund_id: string;
  attempts: number;
  last_error: string | null;
  next_attempt_at: Date | null;
  pending_replied: number;
  refund_command_id: string;
}>;

/** The payments table and its ledger: every statement payments runs. */
@Injectable()
export class PaymentsRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** The payment, its row locked until the transaction ends. */
  async lock(m: EntityManager, sagaId: string): Promise<PaymentRow | undefined> {
    const [row] = await m.query<PaymentRow[]>('SELECT * FROM payments WHERE saga_id = ? FOR UPDATE', [sagaId]);
    return row;
  }

  async find(sagaId: string): Promise<PaymentRow | undefined> {
    const [row] = await this.dataSource.query<PaymentRow[]>('SELECT * FROM payments WHERE saga_id = ?', [sagaId]);
    return row;
  }

  async insert(m: EntityManager, payment: NewPayment): Promise<void> {
    await m.query(
      `INSERT INTO payments (saga_id, order_id, status, amount, currency, method, command_id, refund_command_id, next_attempt_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        payment.sagaId,
        payment.orderId,
        payment.status,
        payment.amount,
        payment.currency,
        payment.method,
        payment.commandId,
        payment.refundCommandId ?? null,
        payment.nextAttemptAt ?? null,
      ],
    );
  }

  async update(m: EntityManager, sagaId: string, changes: PaymentChanges): Promise<void> {
    const columns = Object.keys(changes) as (keyof PaymentChanges)[];
    await m.query(
      `UPDATE payments SET ${columns.map((column) => `${column} = ?`).join(', ')}, updated_at = ? WHERE saga_id = ?`,
      [...columns.map((column) => changes[column]), new Date(), sagaId],
    );
  }

  async record(m: EntityManager, entry: LedgerEntry): Promise<void> {
    await m.query(
      `INSERT INTO payment_ledger (saga_id, operation, idempotency_key, outcome, provider_ref, detail) VALUES (?, ?, ?, ?, ?, ?)`,
      [
        entry.sagaId,
        entry.operation,
        entry.idempotencyKey,
        entry.outcome,
        entry.providerRef ?? null,
        entry.detail?.slice(0, 1_000) ?? null,
      ],
    );
  }

  async ledger(sagaId: string): Promise<{ operation: string; outcome: string; provider_ref: string | null }[]> {
    return this.dataSource.query(
      'SELECT operation, outcome, provider_ref FROM payment_ledger WHERE saga_id = ? ORDER BY id',
      [sagaId],
    );
  }

  /**
   * Unsettled payments whose next attempt is due, each leased for `leaseMs` so that one replica
   * works on it; a replica that dies mid-attempt leaves a lease that simply runs out.
   */
  async claimDue(limit: number, leaseMs: number): Promise<{ saga_id: string; status: PaymentStatus }[]> {
    const now = new Date();
    const rows = await this.dataSource.query<{ saga_id: string; status: PaymentStatus }[]>(
      `SELECT saga_id, status FROM payments WHERE status IN (${UNSETTLED.map(() => '?').join(', ')})
       AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?`,
      [...UNSETTLED, now, limit],
    );
    const claimed: { saga_id: string; status: PaymentStatus }[] = [];
    for (const row of rows) {
      const result = await this.dataSource.query<{ affectedRows: number }>(
        'UPDATE payments SET next_attempt_at = ? WHERE saga_id = ? AND status = ? AND next_attempt_at <= ?',
        [new Date(now.getTime() + leaseMs), row.saga_id, row.status, now],
      );
      if (result.affectedRows === 1) claimed.push(row);
    }
    return claimed;
  }
}
