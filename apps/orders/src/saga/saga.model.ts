import { SagaStatus, StepState } from '@shop/contracts';

import { SAGA_DEFINITION } from './saga.definition';
import { parseOrderContext, SagaOrderContext } from './saga.order-context';

/** A saga row as the engine works with it, locked for the length of one transition. */
export interface SagaRecord {
  id: string;
  orderId: string;
  status: SagaStatus;
  currentStep: number;
  nextAttemptAt: Date | null;
  deadlineAt: Date | null;
  lastError: string | null;
  createdAt: Date;
  finishedAt: Date | null;
  /** What its commands are built from (saga.order-context.ts). */
  context: SagaOrderContext;
}

export interface StepRecord {
  sagaId: string;
  no: number;
  name: string;
  state: StepState;
  attempts: number;
  startedAt: Date | null;
  finishedAt: Date | null;
  lastError: string | null;
  compState: StepState | null;
  compAttempts: number;
  compStartedAt: Date | null;
  compFinishedAt: Date | null;
  compLastError: string | null;
}

export interface SagaRow {
  id: string;
  order_id: string;
  status: SagaStatus;
  current_step: number;
  next_attempt_at: Date | null;
  deadline_at: Date | null;
  last_error: string | null;
  created_at: Date;
  updated_at: Date;
  finished_at: Date | null;
  order_context: string | SagaOrderContext;
}

export interface StepRow {
  saga_id: string;
  step_no: number;
  name: string;
  state: StepState;
  attempts: number;
  started_at: Date | null;
  finished_at: Date | null;
  last_error: string | null;
  comp_state: StepState | null;
  comp_attempts: number;
  comp_started_at: Date | null;
  comp_finished_at: Date | null;
  comp_last_error: string | null;
}

export const toSaga = (r: SagaRow): SagaRecord => ({
  id: r.id,
  orderId: r.order_id,
  status: r.status,
  currentStep: Number(r.current_step),
  nextAttemptAt: r.next_attempt_at,
  deadlineAt: r.deadline_at,
  lastError: r.last_error,
  createdAt: r.created_at,
  finishedAt: r.finished_at,
  context: parseOrderContext(r.order_context),
});

export const toStep = (r: StepRow): StepRecord => ({
  sagaId: r.saga_id,
  no: Number(r.step_no),
  name: r.name,
  state: r.state,
  attempts: Number(r.attempts),
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  lastError: r.last_error,
  compState: r.comp_state,
  compAttempts: Number(r.comp_attempts),
  compStartedAt: r.comp_started_at,
  compFinishedAt: r.comp_finished_at,
  compLastError: r.comp_last_error,
});

/** A new saga as placement starts it: step 1 (the order's own insert) done, the others pending. */
export function newSaga(
  sagaId: string,
  orderId: string,
  context: SagaOrderContext,
  now: Date,
): [saga: SagaRecord, steps: StepRecord[]] {
  const saga: SagaRecord = {
    id: sagaId,
    orderId,
    status: 'RUNNING',
    currentStep: 1,
    nextAttemptAt: null,
    deadlineAt: null,
    lastError: null,
    createdAt: now,
    finishedAt: null,
    context,
  };
  const steps = SAGA_DEFINITION.map((step): StepRecord => ({
    sagaId,
    no: step.no,
    name: step.name,
    state: step.no === 1 ? 'SUCCEEDED' : 'PENDING',
    attempts: step.no === 1 ? 1 : 0,
    startedAt: step.no === 1 ? now : null,
    finishedAt: step.no === 1 ? now : null,
    lastError: null,
    compState: null,
    compAttempts: 0,
    compStartedAt: null,
    compFinishedAt: null,
    compLastError: null,
  }));
  return [saga, steps];
}
