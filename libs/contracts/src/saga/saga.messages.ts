/**
 * Message contracts of the order saga (version 1). Orders orchestrates; inventory, payments and
 * notifications are participants that answer each command exactly once in effect: a command
 * carries a deterministic `messageId` (saga, step, phase), so a retry or a redelivery of the same
 * command is recognised and never reserves, charges or notifies twice.
 */
export const SAGA_CONTRACT_VERSION = 1;

/** The saga's steps, in order. Step numbers are 1-based positions in this list. */
export const SAGA_STEPS = [
  'CREATE_ORDER',
  'RESERVE_INVENTORY',
  'QUOTE_SHIPPING',
  'CHARGE_PAYMENT',
  'CONFIRM_ORDER',
  'SEND_CONFIRMATION',
] as const;
export type SagaStepName = (typeof SAGA_STEPS)[number];

export const SAGA_STATUSES = ['RUNNING', 'COMPENSATING', 'COMPLETED', 'COMPENSATED', 'FAILED'] as const;
export type SagaStatus = (typeof SAGA_STATUSES)[number];
export const FINAL_SAGA_STATUSES: readonly SagaStatus[] = ['COMPLETED', 'COMPENSATED', 'FAILED'];

export const ORDER_STATUSES = ['PENDING', 'PAYMENT_PENDING', 'CONFIRMED', 'COMPLETED', 'CANCELLED', 'FAILED'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** State of one step's action or compensation. */
export type StepState = 'PENDING' | 'RUNNING' | 'WAITING' | 'SUCCEEDED' | 'FAILED' | 'SKIPPED';

export type InventoryAction = 'RESERVE_STOCK' | 'RELEASE_STOCK' | 'COMMIT_STOCK';
export type PaymentAction = 'CHARGE_PAYMENT' | 'REFUND_PAYMENT';
export type NotificationAction = 'SEND_ORDER_CONFIRMATION' | 'SEND_CANCELLATION_NOTICE';
export type SagaAction = InventoryAction | PaymentAction | NotificationAction;

export interface OrderLineRef {
  sku: string;
  quantity: number;
}

/** A command from the orchestrator to a participant. */
export interface SagaCommand<P = unknown> {
  version: typeof SAGA_CONTRACT_VERSION;
  /** Deterministic per saga, step and phase: the participant's idempotency key. */
  messageId: string;
  sagaId: string;
  orderId: string;
  step: number;
  action: SagaAction;
  /** Which attempt sent it (1 for the first); informational, the message id stays the same. */
  attempt: number;
  sentAt: string;
  payload: P;
}

export interface ReserveStockPayload {
  lines: OrderLineRef[];
  /** How long the reservation holds before it expires if the saga never confirms it. */
  holdMs: number;
}
export interface ChargePaymentPayload {
  amount: number;
  currency: string;
  method: string;
}
export interface SendNotificationPayload {
  customerId: string;
  /** Order total, for the text. */
  total: number;
  currency: string;
}

export type ReplyOutcome = 'SUCCEEDED' | 'FAILED' | 'PENDING';

/** A participant's answer to a command, on `saga.replies`. */
export interface SagaReply<D = Record<string, unknown>> {
  version: typeof SAGA_CONTRACT_VERSION;
  messageId: string;
  /** The command's messageId. */
  commandId: string;
  sagaId: string;
  step: number;
  action: SagaAction;
  outcome: ReplyOutcome;
  /** Business failure code when `outcome` is FAILED (INSUFFICIENT_STOCK, PAYMENT_DECLINED, …). */
  errorCode?: string;
  error?: string;
  data?: D;
  service: string;
  repliedAt: string;
}

/** A message that kept failing after its retries, published on `saga.dead-letters`. */
export interface DeadLetterMessage {
  /** Unique per failed message (the original message id plus the service that gave up). */
  id: string;
  service: string;
  originalTopic: string;
  originalKey: string | null;
  payload: unknown;
  error: string;
  attempts: number;
  failedAt: string;
}

/** The deterministic id of a command: one per saga, step and phase. */
export function sagaCommandId(sagaId: string, step: number, phase: 'action' | 'compensation'): string {
  return `${sagaId}/${step}/${phase === 'action' ? 'a' : 'c'}`;
}
