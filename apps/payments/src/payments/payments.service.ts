import { Injectable, Logger } from '@nestjs/common';
import { ChargePaymentPayload, SAGA_TOPIC, SagaCommand } from '@shop/contracts';
import { OutboxRelay, recordIncomingMessage, replyTo } from '@shop/messaging';
import { backoffDelay } from '@shop/resilience';
import { EntityManager } from 'typeorm';

import { PaymentDeclinedError, PaymentProviderClient, VoidAnswer } from './payment-provider.client';
import { answerFrom, chargeCommandOf, enqueueReply, refundCommandOf, SERVICE } from './payment-replies';
import { PaymentRow, PaymentsRepository, PaymentStatus } from './payments.repository';

/** An unsettled payment is tried again after this backoff (full jitter, capped). */
const SETTLE_RETRY = { initialDelayMs: 1_000, maxDelayMs: 10_000, multiplier: 2, jitter: 'full' as const };

export const chargeKey = (sagaId: string): string => `charge-${sagaId}`;
export const refundKey = (sagaId: string): string => `refund-${sagaId}`;

/** What the provider is asked to charge: a payment row, or the one a command has just written. */
type ChargeRequest = Pick<PaymentRow, 'saga_id' | 'order_id' | 'currency'> & { amount: string | number };

type ChargeOutcome =
  | { status: 'CAPTURED'; chargeId: string }
  | { status: 'DECLINED'; reason: string }
  | { status: 'UNKNOWN'; error: string };

/**
 * Payments of the saga, kept as a ledger that always reconciles with the provider.
 *
 * - A charge is recorded PENDING (with the command's message id, in one transaction), then sent.
 *   Captured → SUCCEEDED; declined → FAILED, which the saga compensates; any other failure leaves
 *   the outcome unknown: the charge stays PENDING, the saga hears PENDING (order
 *   PAYMENT_PENDING), and the settle loop sends it again with the same idempotency key.
 * - A refund (the saga's compensation) of a PENDING charge does not assume nothing was taken: the
 *   payment becomes VOID_PENDING and the provider is asked by key, voiding the key when no charge
 *   used it. A charge found captured becomes REFUND_PENDING and is refunded. Both are retried by
 *   the settle loop until the provider confirms; only then is the compensation answered
 *   SUCCEEDED, so the order is never cancelled while its money may still be held.
 * - A capture that lands after its payment was voided is refunded the same durable way.
 * Every provider call and its answer is a row of `payment_ledger`.
 */
@Injectable()
export class PaymentsService {
  private readonly logger = new Logger(PaymentsService.name);

  constructor(
    private readonly payments: PaymentsRepository,
    private readonly provider: PaymentProviderClient,
    private readonly relay: OutboxRelay,
  ) {}

  async handle(command: SagaCommand): Promise<void> {
    if (command.action === 'CHARGE_PAYMENT') return this.onCharge(command as SagaCommand<ChargePaymentPayload>);
    if (command.action === 'REFUND_PAYMENT') return this.onRefund(command);
    throw new Error(`payments cannot handle ${String(command.action)}`);
  }

  /** One step towards a final state for a payment the settle loop claimed. */
  async settle(sagaId: string, status: PaymentStatus): Promise<void> {
    if (status === 'PENDING') await this.capture(sagaId);
    else if (status === 'VOID_PENDING') await this.resolveVoid(sagaId);
    else if (status === 'REFUND_PENDING') await this.refund(sagaId);
  }

  claimDue(limit = 50): Promise<{ saga_id: string; status: PaymentStatus }[]> {
    return this.payments.claimDue(limit, 30_000);
  }

  private async onCharge(command: SagaCommand<ChargePaymentPayload>): Promise<void> {
    const chargeNow = await this.payments.transaction(async (m) => {
      const fresh = await recordIncomingMessage(m, command.messageId, SAGA_TOPIC.paymentCommands);
      const existing = await this.payments.lock(m, command.sagaId);
      if (existing || !fresh) {
        // A redelivery or a retry: answer from the payment's current state.
        await enqueueReply(
          m,
          existing ? answerFrom(command, existing) : replyTo(command, SERVICE, 'PENDING', { error: 'charge queued' }),
        );
        return undefined;
      }
      const { amount, currency, method } = command.payload;
      const charge: ChargeRequest = { saga_id: command.sagaId, order_id: command.orderId, amount, currency };
      await this.payments.insert(m, {
        sagaId: command.sagaId,
        orderId: command.orderId,
        status: 'PENDING',
        amount,
        currency,
        method,
        commandId: command.messageId,
        nextAttemptAt: new Date(Date.now() + SETTLE_RETRY.initialDelayMs),
      });
      return charge;
    });
    this.relay.kick();
    // Not awaited: the Kafka consumer moves on while the bulkhead paces the provider calls. The
    // PENDING row is the durable record; if this process dies first, the settle loop charges it.
    // The charge is the row just written: no need to read it back.
    if (chargeNow)
      void this.capture(command.sagaId, chargeNow).catch((error: Error) =>
        this.logger.warn({ msg: 'capture failed; the loop retries', sagaId: command.sagaId, error: error.message }),
      );
  }

  /**
   * One attempt to capture a queued charge. Safe to run twice at once (the loop and the command
   * handler, or two replicas): the provider deduplicates on the idempotency key, and only the
   * transition out of PENDING that wins sends a reply. `written` is the charge its command handler
   * has just recorded PENDING; the settle loop reads the row (it may have moved on meanwhile).
   */
  async capture(sagaId: string, written?: ChargeRequest): Promise<void> {
    const payment = written ?? (await this.payments.find(sagaId));
    if (!payment || ('status' in payment && payment.status !== 'PENDING')) return;
    const outcome = await this.chargeAtProvider(payment);
    const refundNow = await this.payments.transaction(async (m) => {
      const current = await this.payments.lock(m, sagaId);
      if (!current) return false;
      await this.payments.record(m, {
        sagaId,
        operation: 'CHARGE',
        idempotencyKey: chargeKey(sagaId),
        outcome: outcome.status,
        providerRef: outcome.status === 'CAPTURED' ? outcome.chargeId : null,
        detail: outcome.status === 'DECLINED' ? outcome.reason : outcome.status === 'UNKNOWN' ? outcome.error : null,
      });
      if (current.status !== 'PENDING') {
        if (outcome.status !== 'CAPTURED' || (current.status !== 'VOID_PENDING' && current.status !== 'VOIDED'))
          return false;
        // Cancelled while the call was in flight, and the provider captured: the money goes back.
        await this.payments.update(m, sagaId, {
          status: 'REFUND_PENDING',
          charge_id: outcome.chargeId,
          next_attempt_at: new Date(Date.now() + SETTLE_RETRY.initialDelayMs),
        });
        return true;
      }
      const command = chargeCommandOf(current);
      if (outcome.status === 'CAPTURED') {
        await this.payments.update(m, sagaId, {
          status: 'CAPTURED',
          charge_id: outcome.chargeId,
          attempts: Number(current.attempts) + 1,
          last_error: null,
        });
        await enqueueReply(
          m,
          replyTo(command, SERVICE, 'SUCCEEDED', {
            messageId: `${command.messageId}/SUCCEEDED`,
            data: { chargeId: outcome.chargeId },
          }),
        );
      } else if (outcome.status === 'DECLINED') {
        await this.payments.update(m, sagaId, {
          status: 'DECLINED',
          attempts: Number(current.attempts) + 1,
          last_error: outcome.reason,
        });
        await enqueueReply(
          m,
          replyTo(command, SERVICE, 'FAILED', { errorCode: 'PAYMENT_DECLINED', error: outcome.reason }),
        );
      } else {
        await this.scheduleRetry(m, current, outcome.error, { pending_replied: 1 });
        if (Number(current.pending_replied) === 0)
          await enqueueReply(m, replyTo(command, SERVICE, 'PENDING', { error: `charge queued: ${outcome.error}` }));
      }
      return false;
    });
    this.relay.kick();
    if (refundNow) await this.refund(sagaId);
  }

  private async onRefund(command: SagaCommand): Promise<void> {
    const next = await this.payments.transaction(async (m): Promise<'void' | 'refund' | 'done'> => {
      await recordIncomingMessage(m, command.messageId, SAGA_TOPIC.paymentCommands);
      const existing = await this.payments.lock(m, command.sagaId);
      if (!existing) {
        // Refund before any charge: a tombstone, so that a late charge command is refused.
        await this.payments.insert(m, {
          sagaId: command.sagaId,
          orderId: command.orderId,
          status: 'VOIDED',
          amount: 0,
          currency: 'EUR',
          method: 'none',
          commandId: command.messageId,
          refundCommandId: command.messageId,
        });
        await enqueueReply(m, replyTo(command, SERVICE, 'SUCCEEDED'));
        return 'done';
      }
      if (existing.refund_command_id !== command.messageId)
        await this.payments.update(m, command.sagaId, { refund_command_id: command.messageId });
      switch (existing.status) {
        case 'PENDING':
          // The charge's outcome is unknown until the provider says so: ask before answering.
          await this.payments.update(m, command.sagaId, {
            status: 'VOID_PENDING',
            next_attempt_at: new Date(Date.now() + SETTLE_RETRY.initialDelayMs),
          });
          return 'void';
        case 'VOID_PENDING':
          return 'void';
        case 'CAPTURED':
          await this.payments.update(m, command.sagaId, {
            status: 'REFUND_PENDING',
            next_attempt_at: new Date(Date.now() + SETTLE_RETRY.initialDelayMs),
          });
          return 'refund';
        case 'REFUND_PENDING':
          return 'refund';
        default:
          // DECLINED, VOIDED, REFUNDED: no money is held.
          await enqueueReply(m, replyTo(command, SERVICE, 'SUCCEEDED'));
          return 'done';
      }
    });
    this.relay.kick();
    if (next === 'void') await this.resolveVoid(command.sagaId, command);
    if (next === 'refund') await this.refund(command.sagaId, command);
  }

  /**
   * Asks the provider what became of the charge (voiding its key if none landed). `command` is
   * the refund command being handled now, told when the provider could not be asked.
   */
  private async resolveVoid(sagaId: string, command?: SagaCommand): Promise<void> {
    const payment = await this.payments.find(sagaId);
    if (payment?.status !== 'VOID_PENDING') return;
    let answer: VoidAnswer;
    try {
      answer = await this.provider.voidCharge(chargeKey(sagaId));
    } catch (error) {
      return this.providerFailed(payment, 'VOID', chargeKey(sagaId), error as Error, command);
    }
    const refundNow = await this.payments.transaction(async (m) => {
      const current = await this.payments.lock(m, sagaId);
      if (current?.status !== 'VOID_PENDING') return false;
      await this.payments.record(m, {
        sagaId,
        operation: 'VOID',
        idempotencyKey: chargeKey(sagaId),
        outcome: answer.status.toUpperCase(),
        providerRef: answer.chargeId ?? null,
      });
      if (answer.status === 'captured' && answer.chargeId && !answer.refunded) {
        await this.payments.update(m, sagaId, {
          status: 'REFUND_PENDING',
          charge_id: answer.chargeId,
          next_attempt_at: new Date(Date.now() + SETTLE_RETRY.initialDelayMs),
        });
        return true;
      }
      await this.payments.update(m, sagaId, {
        status: answer.status === 'captured' ? 'REFUNDED' : 'VOIDED',
        ...(answer.chargeId ? { charge_id: answer.chargeId } : {}),
        last_error: null,
        next_attempt_at: null,
      });
      await this.replyRefunded(m, current);
      return false;
    });
    this.relay.kick();
    if (refundNow) await this.refund(sagaId, command);
  }

  /** Refunds a captured charge; the settle loop retries until the provider confirms. */
  private async refund(sagaId: string, command?: SagaCommand): Promise<void> {
    const payment = await this.payments.find(sagaId);
    if (payment?.status !== 'REFUND_PENDING' || !payment.charge_id) return;
    let refundId: string | null;
    try {
      refundId = await this.provider.refund(payment.charge_id, refundKey(sagaId));
    } catch (error) {
      // 409: refunded already (with another key) or never captured. Either way no money is held.
      if (!(error instanceof PaymentDeclinedError && error.status === 409))
        return this.providerFailed(payment, 'REFUND', refundKey(sagaId), error as Error, command);
      refundId = null;
    }
    await this.payments.transaction(async (m) => {
      const current = await this.payments.lock(m, sagaId);
      if (current?.status !== 'REFUND_PENDING') return;
      await this.payments.record(m, {
        sagaId,
        operation: 'REFUND',
        idempotencyKey: refundKey(sagaId),
        outcome: 'REFUNDED',
        providerRef: refundId,
        detail: refundId ? null : 'provider answered 409: nothing left to refund',
      });
      await this.payments.update(m, sagaId, {
        status: 'REFUNDED',
        ...(refundId ? { refund_id: refundId } : {}),
        last_error: null,
        next_attempt_at: null,
      });
      await this.replyRefunded(m, current);
    });
    this.relay.kick();
  }

  private async chargeAtProvider(payment: ChargeRequest): Promise<ChargeOutcome> {
    try {
      const chargeId = await this.provider.charge({
        orderId: payment.order_id,
        amount: Number(payment.amount),
        currency: payment.currency,
        idempotencyKey: chargeKey(payment.saga_id),
      });
      return { status: 'CAPTURED', chargeId };
    } catch (error) {
      return error instanceof PaymentDeclinedError
        ? { status: 'DECLINED', reason: error.reason }
        : { status: 'UNKNOWN', error: (error as Error).message };
    }
  }

  /** A void or refund the provider did not confirm: recorded, retried later, the saga told. */
  private async providerFailed(
    payment: PaymentRow,
    operation: 'VOID' | 'REFUND',
    idempotencyKey: string,
    error: Error,
    command?: SagaCommand,
  ): Promise<void> {
    this.logger.warn({
      msg: `${operation.toLowerCase()} not confirmed by the provider; the settle loop retries`,
      sagaId: payment.saga_id,
      error: error.message,
    });
    await this.payments.transaction(async (m) => {
      const current = await this.payments.lock(m, payment.saga_id);
      if (current?.status !== payment.status) return;
      await this.payments.record(m, {
        sagaId: payment.saga_id,
        operation,
        idempotencyKey,
        outcome: 'UNKNOWN',
        detail: error.message,
      });
      await this.scheduleRetry(m, current, error.message);
      if (command)
        await enqueueReply(
          m,
          replyTo(command, SERVICE, 'FAILED', {
            messageId: `${command.messageId}/FAILED/${Date.now()}`,
            errorCode: 'REFUND_FAILED',
            error: error.message,
          }),
        );
    });
    this.relay.kick();
  }

  private async scheduleRetry(
    m: EntityManager,
    payment: PaymentRow,
    error: string,
    extra: { pending_replied?: number } = {},
  ): Promise<void> {
    const attempts = Number(payment.attempts) + 1;
    const delay = SETTLE_RETRY.initialDelayMs + backoffDelay(attempts, 0, SETTLE_RETRY, Math.random);
    await this.payments.update(m, payment.saga_id, {
      attempts,
      last_error: error,
      next_attempt_at: new Date(Date.now() + delay),
      ...extra,
    });
  }

  /** The refund command's answer, once no money is held: sent whoever settled it (command or loop). */
  private async replyRefunded(m: EntityManager, payment: PaymentRow): Promise<void> {
    if (!payment.refund_command_id) return;
    await enqueueReply(m, replyTo(refundCommandOf(payment), SERVICE, 'SUCCEEDED'));
  }
}
