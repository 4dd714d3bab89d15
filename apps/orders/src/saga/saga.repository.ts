import { Injectable } from '@nestjs/common';
import { SagaStatus } from '@shop/contracts';
import { DataSource, EntityManager } from 'typeorm';

import { SagaRecord, SagaRow, StepRecord, StepRow, toSaga, toStep } from './saga.model';

/** A step as it is first written: step 1 is done by the placement's insert, the others wait. */
export interface NewStep {
  no: number;
  name: string;
  done: boolean;
}

export type SagaSummaryRow = Pick<SagaRow, 'id' | 'order_id' | 'status' | 'current_step' | 'updated_at'>;

/**
 * The sagas and their steps. Methods that take an `EntityManager` run in the caller's
 * transaction (a placement or a transition); the others on the pool.
 */
@Injectable()
export class SagaRepository {
  constructor(private readonly db: DataSource) {}

  async insert(m: EntityManager, sagaId: string, orderId: string, steps: readonly NewStep[], now: Date): Promise<void> {
    await m.query(
      'INSERT INTO sagas (id, order_id, status, current_step, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?)',
      [sagaId, orderId, 'RUNNING', now, now],
    );
    await m.query(
      `INSERT INTO saga_steps (saga_id, step_no, name, state, attempts, started_at, finished_at) VALUES ${steps.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      steps.flatMap((step) =>
        step.done
          ? [sagaId, step.no, step.name, 'SUCCEEDED', 1, now, now]
          : [sagaId, step.no, step.name, 'PENDING', 0, null, null],
      ),
    );
  }

  /**
   * The saga and its steps; with `lock` the saga row is held (`FOR UPDATE`) until the
   * transaction ends, and with `skipLocked` a saga another transaction holds reads as absent.
   */
  async load(
    m: EntityManager,
    sagaId: string,
    lock: boolean,
    skipLocked = false,
  ): Promise<{ saga: SagaRecord; steps: StepRecord[] } | undefined> {
    const locking = lock ? (skipLocked ? ' FOR UPDATE SKIP LOCKED' : ' FOR UPDATE') : '';
    const [row] = await m.query<SagaRow[]>(`SELECT * FROM sagas WHERE id = ?${locking}`, [sagaId]);
    if (!row) return undefined;
    const steps = await this.steps(m, sagaId);
    return { saga: toSaga(row), steps: steps.map(toStep) };
  }

  async update(m: EntityManager, s: SagaRecord, now: Date): Promise<void> {
    await m.query(
      `UPDATE sagas SET status = ?, current_step = ?, next_attempt_at = ?, deadline_at = ?, last_error = ?, finished_at = ?, updated_at = ?
         WHERE id = ?`,
      [s.status, s.currentStep, s.nextAttemptAt, s.deadlineAt, s.lastError, s.finishedAt, now, s.id],
    );
  }

  async updateStep(m: EntityManager, step: StepRecord): Promise<void> {
    await m.query(
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

  /** Ids of running or compensating sagas whose `next_attempt_at` has passed, oldest first. */
  async due(now: Date, limit: number): Promise<string[]> {
    const rows = await this.db.query<{ id: string }[]>(
      `SELECT id FROM sagas WHERE status IN ('RUNNING', 'COMPENSATING') AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?`,
      [now, limit],
    );
    return rows.map((row) => row.id);
  }

  async rowByOrder(m: EntityManager, orderId: string): Promise<SagaRow | undefined> {
    const [row] = await m.query<SagaRow[]>('SELECT * FROM sagas WHERE order_id = ?', [orderId]);
    return row;
  }

  async row(m: EntityManager, sagaId: string): Promise<SagaRow | undefined> {
    const [row] = await m.query<SagaRow[]>('SELECT * FROM sagas WHERE id = ?', [sagaId]);
    return row;
  }

  steps(m: EntityManager, sagaId: string): Promise<StepRow[]> {
    return m.query<StepRow[]>('SELECT * FROM saga_steps WHERE saga_id = ? ORDER BY step_no', [sagaId]);
  }

  /** The newest sagas first, optionally of one status. */
  list(status: SagaStatus | undefined, limit: number): Promise<SagaSummaryRow[]> {
    return this.db.query<SagaSummaryRow[]>(
      `SELECT id, order_id, status, current_step, updated_at FROM sagas ${status ? 'WHERE status = ?' : ''} ORDER BY updated_at DESC LIMIT ?`,
      status ? [status, limit] : [limit],
    );
  }

  /** Runs `work` in one REPEATABLE READ snapshot. */
  snapshot<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction('REPEATABLE READ', work);
  }
}
