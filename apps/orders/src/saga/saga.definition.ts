import { SAGA_TOPIC, SagaAction, SagaStepName } from '@shop/contracts';
import { backoffDelay } from '@shop/resilience';

/** How a step's action or compensation is carried out. */
export type StepExecution =
  /** Done by `orders` itself inside the transition's transaction. */
  | { kind: 'inline' }
  /** Done by `orders` outside the transaction (an HTTP call), then applied in a new transition. */
  | { kind: 'local-call' }
  /** A command to a participant through the outbox; the step waits for its reply. */
  | { kind: 'command'; topic: string; action: SagaAction }
  /** Nothing to undo. */
  | { kind: 'none' };

export interface StepDefinition {
  no: number;
  name: SagaStepName;
  action: StepExecution;
  compensation: StepExecution;
  /** How long one attempt may take before it is retried. */
  attemptTimeoutMs: number;
  /**
   * The step is retried until it succeeds instead of failing the saga: a notification must never
   * undo a paid order (the notifications service queues it and delivers when it can).
   */
  neverFails?: boolean;
}

/**
 * The order saga. On a failure at step k the compensations of steps k-1…1 run in reverse; step k
 * itself is compensated too when its outcome is unknown (it timed out: the command may have been
 * applied), since every compensation is a no-op when its action never happened.
 */
export const SAGA_DEFINITION: readonly StepDefinition[] = [
  { no: 1, name: 'CREATE_ORDER', action: { kind: 'inline' }, compensation: { kind: 'inline' }, attemptTimeoutMs: 0 },
  {
    no: 2,
    name: 'RESERVE_INVENTORY',
    action: { kind: 'command', topic: SAGA_TOPIC.inventoryCommands, action: 'RESERVE_STOCK' },
    compensation: { kind: 'command', topic: SAGA_TOPIC.inventoryCommands, action: 'RELEASE_STOCK' },
    attemptTimeoutMs: 3_000,
  },
  {
    no: 3,
    name: 'QUOTE_SHIPPING',
    action: { kind: 'local-call' },
    compensation: { kind: 'none' },
    attemptTimeoutMs: 5_000,
  },
  {
    no: 4,
    name: 'CHARGE_PAYMENT',
    action: { kind: 'command', topic: SAGA_TOPIC.paymentCommands, action: 'CHARGE_PAYMENT' },
    compensation: { kind: 'command', topic: SAGA_TOPIC.paymentCommands, action: 'REFUND_PAYMENT' },
    attemptTimeoutMs: 6_000,
  },
  { no: 5, name: 'CONFIRM_ORDER', action: { kind: 'inline' }, compensation: { kind: 'inline' }, attemptTimeoutMs: 0 },
  {
    no: 6,
    name: 'SEND_CONFIRMATION',
    action: { kind: 'command', topic: SAGA_TOPIC.notificationCommands, action: 'SEND_ORDER_CONFIRMATION' },
    compensation: { kind: 'command', topic: SAGA_TOPIC.notificationCommands, action: 'SEND_CANCELLATION_NOTICE' },
    attemptTimeoutMs: 3_000,
    neverFails: true,
  },
];

export const LAST_STEP = SAGA_DEFINITION.length;

export function stepDefinition(no: number): StepDefinition {
  const step = SAGA_DEFINITION[no - 1];
  if (!step) throw new Error(`no saga step ${no}`);
  return step;
}

/** Retry and deadline policy of the saga's steps. */
export const SAGA_POLICY = {
  /** Attempts of a step's action before the step fails and the saga compensates. */
  maxActionAttempts: 5,
  /**
   * A compensation is given up (saga FAILED, its command dead-lettered for an operator) only after
   * this many attempts and {@link compensationDeadlineMs} since its first.
   */
  maxCompensationAttempts: 6,
  /**
   * How long a compensation keeps being retried (`SAGA_COMPENSATION_DEADLINE_MS`). Attempts alone
   * run out in about 15 s, shorter than a broker restart or a participant's database being away
   * for 30 s, and such an outage must not turn a cancellable order into an operator's task.
   */
  compensationDeadlineMs: 5 * 60_000,
  /** A step that has not succeeded this long after its first attempt fails. */
  stepDeadlineMs: 60_000,
  /** How long an order may wait as PAYMENT_PENDING for the provider to come back (`SAGA_PAYMENT_PENDING_DEADLINE_MS`). */
  paymentPendingDeadlineMs: 10 * 60_000,
  /** While the charge is queued, how often the orchestrator asks payments again. */
  paymentPendingPollMs: 5_000,
  /** How long inventory holds a reservation if the saga never confirms it. */
  reservationHoldMs: 15 * 60_000,
  backoff: { initialDelayMs: 250, maxDelayMs: 5_000, multiplier: 2, jitter: 'full' as const },
};

/**
 * When attempt `attempt` (1-based) of a step is due to be retried: its time budget plus an
 * exponential backoff with full jitter, so that many sagas that failed together (a broker
 * hiccup, a restart) do not retry in lock-step.
 */
export function retryDueInMs(step: StepDefinition, attempt: number, random: () => number = Math.random): number {
  return Math.max(step.attemptTimeoutMs, 1_000) + Math.round(backoffDelay(attempt, 0, SAGA_POLICY.backoff, random));
}
