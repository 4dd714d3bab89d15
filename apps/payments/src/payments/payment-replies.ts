import { SAGA_CONTRACT_VERSION, SAGA_TOPIC, SagaCommand, SagaReply } from '@shop/contracts';
import { enqueueMessage, replyTo } from '@shop/messaging';
import { EntityManager } from 'typeorm';

import { PaymentRow } from './payments.repository';

// What payments tell the saga: replies derived from a payment's state, written to the outbox in
// the transaction that changed it.

export const SERVICE = 'payments';
/** The saga step whose action is CHARGE_PAYMENT and whose compensation is REFUND_PAYMENT. */
const PAYMENT_STEP = 4;

/** The answer to a charge command that was handled before: from the payment's current state. */
export function answerFrom(command: SagaCommand, payment: PaymentRow): SagaReply {
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

/** Writes a reply to the outbox in the transaction of `m`. */
export async function enqueueReply(m: EntityManager, reply: SagaReply): Promise<void> {
  await enqueueMessage(m, { topic: SAGA_TOPIC.replies, key: reply.sagaId, payload: reply });
}

/** A saga command rebuilt from the payment row, for replies sent after the command was handled. */
function commandOf(payment: PaymentRow, messageId: string, action: SagaCommand['action']): SagaCommand {
  return {
    version: SAGA_CONTRACT_VERSION,
    messageId,
    sagaId: payment.saga_id,
    orderId: payment.order_id,
    step: PAYMENT_STEP,
    action,
    attempt: 1,
    sentAt: new Date().toISOString(),
    payload: {},
  };
}

export const chargeCommandOf = (payment: PaymentRow): SagaCommand =>
  commandOf(payment, payment.command_id, 'CHARGE_PAYMENT');
export const refundCommandOf = (payment: PaymentRow): SagaCommand =>
  commandOf(payment, payment.refund_command_id!, 'REFUND_PAYMENT');
