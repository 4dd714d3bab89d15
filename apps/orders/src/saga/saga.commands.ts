import {
  ChargePaymentPayload,
  DeadLetterMessage,
  ORDER_EVENT_TOPIC,
  ReserveStockPayload,
  SAGA_CONTRACT_VERSION,
  SagaAction,
  SagaCommand,
  sagaCommandId,
  SendNotificationPayload,
} from '@shop/contracts';
import { enqueueMessage } from '@shop/messaging';

import { euros } from '../orders/money';
import { orderCompletedEvent } from './order-completed.event';
import { SAGA_POLICY, StepDefinition, stepDefinition } from './saga.definition';
import { StepRecord } from './saga.model';
import { Transition } from './saga.transition';

// The commands the orchestrator sends to the participants, built from the saga and the order
// context it carries, and written to the outbox in the transition's transaction.

/**
 * Sends a step's action or compensation command through the outbox. An action carries its step's
 * deadline (`x-deadline`): the orchestrator gives the step up at that time and compensates it
 * itself, so a participant that reads the command later (it waited in the outbox through a broker
 * outage, or in a lagging partition) leaves it unhandled rather than reserve stock or take money
 * only to give it back. Compensations, and actions of a step that never fails, carry none: they
 * must be done however late.
 */
export async function sendCommand(tx: Transition, step: StepRecord, phase: 'action' | 'compensation'): Promise<void> {
  const command = buildCommand(tx, step, phase);
  const def = stepDefinition(step.no);
  const exec = phase === 'action' ? def.action : def.compensation;
  if (exec.kind !== 'command') throw new Error(`step ${step.no} ${phase} is not a command`);
  const deadlineAt = phase === 'action' && !def.neverFails ? tx.saga.deadlineAt : null;
  await enqueueMessage(tx.m, { topic: exec.topic, key: tx.saga.id, payload: command, deadlineAt });
  tx.effects.kickOutbox = true;
}

export async function enqueueCommand(
  tx: Transition,
  messageId: string,
  step: number,
  topic: string,
  action: SagaAction,
  attempt: number,
  payload: object,
): Promise<void> {
  const command: SagaCommand = {
    version: SAGA_CONTRACT_VERSION,
    messageId,
    sagaId: tx.saga.id,
    orderId: tx.saga.orderId,
    step,
    action,
    attempt,
    sentAt: tx.now.toISOString(),
    payload,
  };
  await enqueueMessage(tx.m, { topic, key: tx.saga.id, payload: command });
  tx.effects.kickOutbox = true;
}

export function buildCommand(tx: Transition, step: StepRecord, phase: 'action' | 'compensation'): SagaCommand {
  const def: StepDefinition = stepDefinition(step.no);
  const exec = phase === 'action' ? def.action : def.compensation;
  if (exec.kind !== 'command') throw new Error(`step ${step.no} ${phase} is not a command`);
  return {
    version: SAGA_CONTRACT_VERSION,
    messageId: sagaCommandId(tx.saga.id, step.no, phase),
    sagaId: tx.saga.id,
    orderId: tx.saga.orderId,
    step: step.no,
    action: exec.action,
    attempt: phase === 'action' ? step.attempts : step.compAttempts,
    sentAt: tx.now.toISOString(),
    payload: payloadFor(tx, exec.action),
  };
}

export function payloadFor(tx: Transition, action: SagaAction): object {
  const order = tx.saga.context;
  if (action === 'RESERVE_STOCK') {
    const payload: ReserveStockPayload = {
      lines: order.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })),
      holdMs: SAGA_POLICY.reservationHoldMs,
    };
    return payload;
  }
  const total = euros(order.totalCents ?? 0);
  if (action === 'CHARGE_PAYMENT')
    return { amount: total, currency: order.currency, method: order.paymentMethod } satisfies ChargePaymentPayload;
  if (action === 'SEND_ORDER_CONFIRMATION' || action === 'SEND_CANCELLATION_NOTICE')
    return { customerId: order.customerId, total, currency: order.currency } satisfies SendNotificationPayload;
  return {};
}

/** The dead letter of a compensation that kept failing: its command, for an operator to replay. */
export function deadLetterFor(tx: Transition, step: StepRecord, why: string): DeadLetterMessage | undefined {
  const def = stepDefinition(step.no);
  if (def.compensation.kind !== 'command') return undefined;
  const command = buildCommand(tx, step, 'compensation');
  return {
    id: `orders:${command.messageId}`,
    service: 'orders',
    originalTopic: def.compensation.topic,
    originalKey: tx.saga.id,
    payload: command,
    error: why,
    attempts: step.compAttempts,
    failedAt: tx.now.toISOString(),
  };
}

/**
 * `orders.completed`, through the outbox in the transaction that completes the saga: the
 * advisor learns from an order if and only if it really completed (never from a compensated
 * one), and a crash before the relay publishes loses nothing.
 */
export async function enqueueOrderCompleted(tx: Transition): Promise<void> {
  const orderId = tx.saga.orderId;
  await enqueueMessage(tx.m, {
    topic: ORDER_EVENT_TOPIC.completed,
    key: orderId,
    payload: orderCompletedEvent(orderId, tx.saga.context, tx.now),
  });
  tx.effects.kickOutbox = true;
}
