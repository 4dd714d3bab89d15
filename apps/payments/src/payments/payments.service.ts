import { Injectable, Logger } from '@nestjs/common';
import { ChargePaymentPayload, SAGA_CONTRACT_VERSION, SAGA_TOPIC, SagaCommand, SagaReply } from '@shop/contracts';
import { enqueueMessage, OutboxRelay, recordIncomingMessage, replyTo } from '@shop/messaging';
import { backoffDelay } from '@shop/resilience';
import { DataSource, EntityManager } from 'typeorm';

import { PaymentDeclinedError, PaymentProviderClient } from './payment-provider.client';

export type PaymentStatus = 'PENDING' | 'CAPTURED' | 'DECLINED' | 'REFUND_PENDING' | 'REFUNDED' | 'VOIDED';

interface PaymentRow {
  saga_id: string;
  order_id: string;
  status: PaymentStatus;
  amount: string;
  currency: string;
  charge_id: string | null;
  attempts: number;
  pending_replied: number;
  command_id: string;
}

const SERVICE = 'payments';
/** A queued charge is tried again after this backoff (full jitter, capped). */
const QUEUED_RETRY = { initialDelayMs: 1_000, maxDelayMs: 10_000, multiplier: 2, jitter: 'full' as const };

export const chargeKey = (sagaId: string): string => `charge-${sagaId}`;
export const refundKey = (sagaId: string): string => `refund-${sagaId}`;

/**
 * Payments of the saga. A charge command records the payment (PENDING) and the message id in one
 * transaction, then calls the provider: captured → SUCCEEDED; declined (402) → FAILED, which the
 * saga compensates; provider down or its circuit open → the charge stays queued, the saga is told
 * PENDING (the order shows PAYMENT_PENDING), and the capture loop charges it once the provider is
 * back. Nothing is ever reported captured that the provider did not capture.
 */
@Injectable()
export class PaymentsService {
  private readonly logger = new Logger(PaymentsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly provider: PaymentProviderClient,
    private readonly relay: OutboxRelay,
  ) {}

  async handle(command: SagaCommand): Promise<void> {
    if (command.action === 'CHARGE_PAYMENT') return this.onCharge(command as SagaCommand<ChargePaymentPayload>);
    if (command.action === 'REFUND_PAYMENT') return this.onRefund(command);
    throw new Error(`payments cannot handle ${String(command.action)}`);
  }

  private async onCharge(command: SagaCommand<ChargePaymentPayload>): Promise<void> {
    const chargeNow = await this.dataSource.transaction(async (m) => {
      const fresh = await recordIncomingMessage(m, command.messageId, SAGA_TOPIC.paymentCommands);
      const existing = await this.payment(m, command.sagaId);
      if (existing || !fresh) {
        // A redelivery or a retry: answer from the payment's current state.
        await this.reply(
          m,
          existing ? this.answer(command, existing) : replyTo(command, SERVICE, 'PENDING', { error: 'charge queued' }),
        );
        return false;
      }
      const { amount, currency, method } = command.payload;
      await m.query(
        `INSERT INTO payments (saga_id, order_id, status, amount, currency, method, command_id, next_attempt_at) VALUES (?, ?, 'PENDING', ?, ?, ?, ?, ?)`,
        [
          command.sagaId,
          command.orderId,
          amount,
          currency,
          method,
          command.messageId,
          new Date(Date.now() + QUEUED_RETRY.initialDelayMs),
        ],
      );
      return true;
    });
    this.relay.kick();
    // Not awaited: the Kafka consumer moves on while the bulkhead paces the provider calls. The
    // PENDING row is the durable record; if this process dies first, the capture loop charges it.
    if (chargeNow)
      void this.capture(command.sagaId).catch((error: Error) =>
        this.logger.warn({ msg: 'capture failed; the loop retries', sagaId: command.sagaId, error: error.message }),
      );
  }

  /**
   * One attempt to capture a queued charge. Safe to run twice at once (the loop and the command
   * handler, or two replicas): the provider deduplicates on the idempotency key, and only the
   * transition out of PENDING that wins sends a reply.
   */
  async capture(sagaId: string): Promise<void> {
    const [payment] = await this.dataSource.query<PaymentRow[]>(
      "SELECT * FROM payments WHERE saga_id = ? AND status = 'PENDING'",
      [sagaId],
    );
    if (!payment) return;
    let outcome:
      | { status: 'CAPTURED'; chargeId: string }
      | { status: 'DECLINED'; reason: string }
      | { status: 'PENDING'; error: string };
    try {
      const chargeId = await this.provider.charge({
        orderId: payment.order_id,
        amount: Number(payment.amount),
        currency: payment.currency,
        idempotencyKey: chargeKey(sagaId),
      });
      outcome = { status: 'CAPTURED', chargeId };
    } catch (error) {
      outcome =
        error instanceof PaymentDeclinedError
          ? { status: 'DECLINED', reason: error.reason }
          : { status: 'PENDING', error: (error as Error).message };
    }
    const refundLateCapture = await this.dataSource.transaction(async (m) => {
      const current = await this.payment(m, sagaId);
      if (!current) return false;
      if (current.status !== 'PENDING') {
        // Voided while the call was in flight, and the provider captured anyway: give it back.
        return current.status === 'VOIDED' && outcome.status === 'CAPTURED';
      }
      const command = commandOf(current);
      const now = new Date();
      if (outcome.status === 'CAPTURED') {
        await m.query(
          "UPDATE payments SET status = 'CAPTURED', charge_id = ?, attempts = attempts + 1, last_error = NULL, updated_at = ? WHERE saga_id = ?",
          [outcome.chargeId, now, sagaId],
        );
        await this.reply(
          m,
          replyTo(command, SERVICE, 'SUCCEEDED', {
            messageId: `${command.messageId}/SUCCEEDED`,
            data: { chargeId: outcome.chargeId },
          }),
        );
      } else if (outcome.status === 'DECLINED') {
        await m.query(
          "UPDATE payments SET status = 'DECLINED', attempts = attempts + 1, last_error = ?, updated_at = ? WHERE saga_id = ?",
          [outcome.reason, now, sagaId],
        );
        await this.reply(
          m,
          replyTo(command, SERVICE, 'FAILED', { errorCode: 'PAYMENT_DECLINED', error: outcome.reason }),
        );
      } else {
        const attempts = Number(current.attempts) + 1;
        const next = new Date(
          now.getTime() + QUEUED_RETRY.initialDelayMs + backoffDelay(attempts, 0, QUEUED_RETRY, Math.random),
        );
        await m.query(
          'UPDATE payments SET attempts = ?, last_error = ?, next_attempt_at = ?, pending_replied = 1, updated_at = ? WHERE saga_id = ?',
          [attempts, outcome.error, next, now, sagaId],
        );
        if (Number(current.pending_replied) === 0)
          await this.reply(m, replyTo(command, SERVICE, 'PENDING', { error: `charge queued: ${outcome.error}` }));
      }
      return false;
    });
    this.relay.kick();
    if (refundLateCapture && outcome.status === 'CAPTURED')
      await this.refundCharge(sagaId, outcome.chargeId).catch(() => undefined);
  }

  /** Queued charges whose retry is due, claimed so that one replica tries each. */
  async claimDueCharges(limit = 50): Promise<string[]> {
    const now = new Date();
    const rows = await this.dataSource.query<
      {
        saga_id: string;
      }[]
    >(
      "SELECT saga_id FROM payments WHERE status = 'PENDING' AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?",
      [now, limit],
    );
    const claimed: string[] = [];
    for (const row of rows) {
      const result = await this.dataSource.query<{ affectedRows: number }>(
        "UPDATE payments SET next_attempt_at = ? WHERE saga_id = ? AND status = 'PENDING' AND next_attempt_at <= ?",
        [new Date(now.getTime() + 30_000), row.saga_id, now],
      );
      if (result.affectedRows === 1) claimed.push(row.saga_id);
    }
    return claimed;
  }

  private async onRefund(command: SagaCommand): Promise<void> {
    const chargeId = await this.dataSource.transaction(async (m) => {
      await recordIncomingMessage(m, command.messageId, SAGA_TOPIC.paymentCommands);
      const existing = await this.payment(m, command.sagaId);
      if (!existing) {
        // Refund before any charge: leave a tombstone so a late charge command is refused.
        await m.query(
          `INSERT INTO payments (saga_id, order_id, status, amount, currency, method, command_id) VALUES (?, ?, 'VOIDED', 0, 'EUR', 'none', ?)`,
          [command.sagaId, command.orderId, command.messageId],
        );
      } else if (existing.status === 'PENDING') {
        await m.query("UPDATE payments SET status = 'VOIDED', updated_at = ? WHERE saga_id = ?", [
          new Date(),
          command.sagaId,
        ]);
      } else if (existing.status === 'CAPTURED' || existing.status === 'REFUND_PENDING') {
        await m.query("UPDATE payments SET status = 'REFUND_PENDING', updated_at = ? WHERE saga_id = ?", [
          new Date(),
          command.sagaId,
        ]);
        return existing.charge_id;
      }
      await this.reply(m, replyTo(command, SERVICE, 'SUCCEEDED'));
      return null;
    });
    this.relay.kick();
    if (!chargeId) return;
    // Outside the transaction: a provider call must not hold row locks. A failure leaves
    // REFUND_PENDING; the orchestrator retries the compensation and we try again.
    try {
      await this.refundCharge(command.sagaId, chargeId);
      await this.dataSource.transaction((m) => this.reply(m, replyTo(command, SERVICE, 'SUCCEEDED')));
    } catch (error) {
      this.logger.warn({
        msg: 'refund failed; waiting for the saga to retry',
        sagaId: command.sagaId,
        error: (error as Error).message,
      });
      await this.dataSource.transaction((m) =>
        this.reply(
          m,
          replyTo(command, SERVICE, 'FAILED', {
            messageId: `${command.messageId}/FAILED/${Date.now()}`,
            errorCode: 'REFUND_FAILED',
            error: (error as Error).message,
          }),
        ),
      );
    }
    this.relay.kick();
  }

  private async refundCharge(sagaId: string, chargeId: string): Promise<void> {
    const refundId = await this.provider.refund(chargeId, refundKey(sagaId));
    await this.dataSource.query(
      "UPDATE payments SET status = 'REFUNDED', refund_id = ?, updated_at = ? WHERE saga_id = ?",
      [refundId, new Date(), sagaId],
    );
  }

  private answer(command: SagaCommand, payment: PaymentRow): SagaReply {
    switch (payment.status) {
      case 'CAPTURED':
        return replyTo(command, SERVICE, 'SUCCEEDED', { data: { chargeId: payment.charge_id } });
      case 'PENDING':
        return replyTo(command, SERVICE, 'PENDING', { error: 'charge queued' });
      case 'DECLINED':
        return replyTo(command, SERVICE, 'FAILED', {
          errorCode: 'PAYMENT_DECLINED',
          error: 'declined by the provider',
        });
      default:
        return replyTo(command, SERVICE, 'FAILED', {
          errorCode: `PAYMENT_${payment.status}`,
          error: `payment is ${payment.status.toLowerCase()}`,
        });
    }
  }

  private async reply(m: EntityManager, reply: SagaReply): Promise<void> {
    await enqueueMessage(m, { topic: SAGA_TOPIC.replies, key: reply.sagaId, payload: reply });
  }

  private async payment(m: EntityManager, sagaId: string): Promise<PaymentRow | undefined> {
    const [row] = await m.query<PaymentRow[]>('SELECT * FROM payments WHERE saga_id = ? FOR UPDATE', [sagaId]);
    return row;
  }
}

/** The charge command a queued payment answers (rebuilt from the row, for replies sent later). */
function commandOf(payment: PaymentRow): SagaCommand {
  return {
    version: SAGA_CONTRACT_VERSION,
    messageId: payment.command_id,
    sagaId: payment.saga_id,
    orderId: payment.order_id,
    step: 4,
    action: 'CHARGE_PAYMENT',
    attempt: 1,
    sentAt: new Date().toISOString(),
    payload: {},
  };
}
