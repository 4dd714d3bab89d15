import {
  DeadLetterView,
  SAGA_STATUSES,
  SAGA_STEPS,
  SagaStepView,
  SagaSummary,
  SagaView,
  StepPhaseView,
  StepState,
} from '@shop/contracts';

import { arrayOf, dateTime, int, namedObject, nullable, oneOf, str, uuid } from '../../docs/schema';

const STEP_STATES: readonly StepState[] = ['PENDING', 'RUNNING', 'WAITING', 'SUCCEEDED', 'FAILED', 'SKIPPED'];

const AT = '2026-11-25T09:00:00.000Z';
const DONE = '2026-11-25T09:00:01.250Z';
const SAGA_ID = '0b7c3a52-5a0e-4a8f-9f61-2f1d2c3b4a59';
const ORDER_ID = '5d2f8a61-7c4b-4e3a-8b1f-9a0c1d2e3f40';

const phaseProperties = {
  state: oneOf(STEP_STATES, 'Where the action (or compensation) is'),
  attempts: int('Attempts so far', { minimum: 0 }),
  startedAt: nullable(dateTime('When the first attempt started')),
  finishedAt: nullable(dateTime('When it succeeded, failed or was skipped')),
  lastError: nullable(str('The last attempt’s error')),
};
const phaseExample: StepPhaseView = {
  state: 'SUCCEEDED',
  attempts: 1,
  startedAt: AT,
  finishedAt: DONE,
  lastError: null,
};

export const STEP_PHASE_SCHEMA = namedObject<StepPhaseView>('SagaStepPhase', {
  description: 'One step’s action or compensation',
  properties: phaseProperties,
  example: phaseExample,
});

export const SAGA_STEP_SCHEMA = namedObject<SagaStepView>('SagaStep', {
  description: 'One saga step, with its compensation when it has one',
  properties: {
    ...phaseProperties,
    step: int('1-based position in the saga', { minimum: 1, maximum: SAGA_STEPS.length }),
    name: oneOf(SAGA_STEPS, 'The step'),
    compensation: nullable(STEP_PHASE_SCHEMA),
  },
  example: { ...phaseExample, step: 2, name: 'RESERVE_INVENTORY', compensation: null },
});

export const SAGA_VIEW_SCHEMA = namedObject<SagaView>('Saga', {
  description: 'An order’s saga with every step and compensation',
  properties: {
    sagaId: uuid('The saga'),
    orderId: uuid('Its order'),
    status: oneOf(SAGA_STATUSES, 'Where the saga is'),
    currentStep: int('The step running now (or the last one run)', { minimum: 1, maximum: SAGA_STEPS.length }),
    lastError: nullable(str('Why the saga is compensating or failed')),
    createdAt: dateTime('When the order was accepted'),
    updatedAt: dateTime('Last change'),
    finishedAt: nullable(dateTime('When it reached a final status')),
    steps: arrayOf(SAGA_STEP_SCHEMA, 'Every step, in order'),
  },
  example: {
    sagaId: SAGA_ID,
    orderId: ORDER_ID,
    status: 'COMPLETED',
    currentStep: 6,
    lastError: null,
    createdAt: AT,
    updatedAt: DONE,
    finishedAt: DONE,
    steps: [{ ...phaseExample, step: 1, name: 'CREATE_ORDER', compensation: null }],
  },
});

export const SAGA_SUMMARY_SCHEMA = namedObject<SagaSummary>('SagaSummary', {
  description: 'A saga in a list',
  properties: {
    sagaId: uuid('The saga'),
    orderId: uuid('Its order'),
    status: oneOf(SAGA_STATUSES, 'Where the saga is'),
    currentStep: int('The step running now (or the last one run)', { minimum: 1, maximum: SAGA_STEPS.length }),
    updatedAt: dateTime('Last change'),
  },
  example: { sagaId: SAGA_ID, orderId: ORDER_ID, status: 'RUNNING', currentStep: 4, updatedAt: AT },
});

export const DEAD_LETTER_SCHEMA = namedObject<DeadLetterView>('DeadLetter', {
  description: 'A message that failed after its retries',
  properties: {
    id: str('`<service>:<message id>`', { maxLength: 160 }),
    service: str('The service that gave up on it'),
    originalTopic: str('Where it was published'),
    originalKey: nullable(str('Its Kafka key')),
    payload: { description: 'The message as it was published (any JSON)' },
    error: str('The last error'),
    attempts: int('Attempts before it was dead-lettered', { minimum: 1 }),
    failedAt: dateTime('When the last attempt failed'),
    receivedAt: dateTime('When orders stored it'),
    replayedAt: nullable(dateTime('Last replay')),
    replayCount: int('Replays so far', { minimum: 0 }),
  },
  example: {
    id: 'payments:7f0e8d2c-1b3a-4c5d-9e6f-0a1b2c3d4e5f',
    service: 'payments',
    originalTopic: 'saga.payments.commands',
    originalKey: SAGA_ID,
    payload: { sagaId: SAGA_ID, action: 'CHARGE' },
    error: 'payment provider unavailable',
    attempts: 5,
    failedAt: AT,
    receivedAt: DONE,
    replayedAt: null,
    replayCount: 0,
  },
});
