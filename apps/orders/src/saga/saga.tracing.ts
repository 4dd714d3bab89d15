import { inSpan } from '@shop/platform';

import { SAGA_DEFINITION } from './saga.definition';
import { StepRecord } from './saga.model';

/** What identifies a saga on its spans. */
export interface SagaIds {
  id: string;
  orderId: string;
}

type Phase = 'action' | 'compensation';

const attributesOf = (saga: SagaIds, step: StepRecord, phase: Phase) => ({
  'saga.id': saga.id,
  'order.id': saga.orderId,
  'saga.step.no': step.no,
  'saga.step.name': step.name,
  'saga.step.phase': phase,
});

/**
 * One span per attempt of a step's action (`saga step <NAME>`) or compensation (`saga compensate
 * <NAME>`), around its dispatch: the command it writes to the outbox carries the span's context,
 * so the participant's handling of it is a child. Attempt and outcome (SUCCEEDED for an inline
 * step, RUNNING for a command sent, ...) are read after `work`, which counts the attempt.
 */
export function inStepSpan<T>(saga: SagaIds, step: StepRecord, phase: Phase, work: () => Promise<T>): Promise<T> {
  const name = `${phase === 'action' ? 'saga step' : 'saga compensate'} ${step.name}`;
  return inSpan(name, attributesOf(saga, step, phase), async (span) => {
    const result = await work();
    span.setAttributes({
      'saga.step.attempt': phase === 'action' ? step.attempts : step.compAttempts,
      'saga.step.outcome': (phase === 'action' ? step.state : step.compState) ?? 'NONE',
    });
    return result;
  });
}

/**
 * The span of a step's result arriving (`saga step <NAME> result`): a participant's reply or the
 * shipping quote, with its outcome.
 */
export function inResultSpan<T>(
  sagaId: string,
  stepNo: number,
  phase: Phase,
  outcome: string,
  work: () => Promise<T>,
): Promise<T> {
  const stepName = SAGA_DEFINITION[stepNo - 1]?.name;
  return inSpan(
    `${phase === 'action' ? 'saga step' : 'saga compensate'} ${stepName ?? stepNo} result`,
    {
      'saga.id': sagaId,
      'saga.step.no': stepNo,
      'saga.step.name': stepName ?? '',
      'saga.step.phase': phase,
      'saga.step.outcome': outcome,
    },
    work,
  );
}
