import { OrderStatus, SagaStatus } from '@shop/contracts';
import { EntityManager } from 'typeorm';

import { SagaRecord, SagaRow, StepRecord, StepRow, toSaga, toStep } from './saga.model';

/** What a committed transition asks for afterwards. */
export interface Effects {
  kickOutbox: boolean;
  quoteShipping: boolean;
  finished?: { status: SagaStatus; startedAt: Date };
}

/** One transition of one saga: the saga row locked, its steps loaded, changes kept until commit. */
export class Transition {
  readonly effects: Effects = { kickOutbox: false, quoteShipping: false };
  private readonly before: string;
  private readonly stepsBefore: string[];

  constructor(
    readonly m: EntityManager,
    readonly saga: SagaRecord,
    readonly steps: StepRecord[],
    readonly now: Date,
  ) {
    this.before = JSON.stringify(saga);
    this.stepsBefore = steps.map((s) => JSON.stringify(s));
  }

  step(no: number): StepRecord {
    return this.steps[no - 1];
  }

  in(ms: number): Date {
    return new Date(this.now.getTime() + ms);
  }

  /** Sets the status of the saga's order, in the transition's transaction. */
  async setOrderStatus(status: OrderStatus): Promise<void> {
    await this.m.query('UPDATE orders SET status = ?, updated_at = ? WHERE id = ?', [
      status,
      this.now,
      this.saga.orderId,
    ]);
  }

  async save(): Promise<void> {
    const s = this.saga;
    if (JSON.stringify(s) !== this.before) {
      await this.m.query(
        `UPDATE sagas SET status = ?, current_step = ?, next_attempt_at = ?, deadline_at = ?, last_error = ?, finished_at = ?, updated_at = ?
         WHERE id = ?`,
        [s.status, s.currentStep, s.nextAttemptAt, s.deadlineAt, s.lastError, s.finishedAt, this.now, s.id],
      );
    }
    for (const [i, step] of this.steps.entries()) {
      if (JSON.stringify(step) === this.stepsBefore[i]) continue;
      await this.m.query(
        `UPDATE saga_steps SET state = ?, attempts = ?, started_at = ?, finished_at = ?, last_error = ?,
           comp_state = ?, comp_attempts = ?, comp_started_at = ?, comp_finished_at = ?, comp_last_error = ?
         WHERE saga_id = ? AND step_no = ?`,
        [
          step.state,
          step.attempts,
          step.startedAt,
          step.finishedAt,
          step.lastError,
          step.compState,
          step.compAttempts,
          step.compStartedAt,
          step.compFinishedAt,
          step.compLastError,
          step.sagaId,
          step.no,
        ],
      );
    }
  }
}

/** Loads a saga and its steps as a transition, with the saga row locked when `lock`. */
export async function loadTransition(
  m: EntityManager,
  sagaId: string,
  lock: boolean,
  skipLocked = false,
): Promise<Transition | undefined> {
  const locking = lock ? (skipLocked ? ' FOR UPDATE SKIP LOCKED' : ' FOR UPDATE') : '';
  const [row] = await m.query<SagaRow[]>(`SELECT * FROM sagas WHERE id = ?${locking}`, [sagaId]);
  if (!row) return undefined;
  const steps = await m.query<StepRow[]>('SELECT * FROM saga_steps WHERE saga_id = ? ORDER BY step_no', [sagaId]);
  return new Transition(m, toSaga(row), steps.map(toStep), new Date());
}
