import { Injectable } from '@nestjs/common';
import { SagaStatus } from '@shop/contracts';
import { DataSource, EntityManager } from 'typeorm';

import { SagaRecord, SagaRow, StepRecord, StepRow, toSaga, toStep } from './saga.model';

/** The columns of `saga_steps`, in the order {@link stepValues} gives them. */
const STEP_COLUMNS = [
  'saga_id',
  'step_no',
  'name',
  'state',
  'attempts',
  'started_at',
  'finished_at',
  'last_error',
  'comp_state',
  'comp_attempts',
  'comp_started_at',
  'comp_finished_at',
  'comp_last_error',
] as const satisfies readonly (keyof StepRow)[];
/** What a transition may change: everything but the key and the name. */
const UPDATED_STEP_COLUMNS = STEP_COLUMNS.slice(3);

/** A step's columns as the joined load names them (`step_` + column), beside the saga's own. */
type StepColumns = { [C in (typeof STEP_COLUMNS)[number] as `step_${C}`]: StepRow[C] };

const stepOf = (row: StepColumns): StepRow =>
  Object.fromEntries(STEP_COLUMNS.map((c) => [c, row[`step_${c}`]])) as unknown as StepRow;

const stepValues = (step: StepRecord): unknown[] => [
  step.sagaId,
  step.no,
  step.name,
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
];

export type SagaSummaryRow = Pick<SagaRow, 'id' | 'order_id' | 'status' | 'current_step' | 'updated_at'>;

/**
 * The sagas and their steps. Methods that take an `EntityManager` run in the caller's
 * transaction (a placement or a transition); the others on the pool.
 */
@Injectable()
export class SagaRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Writes a new saga and its steps as they stand at the end of its first transition, in the
   * placement's transaction: written once, never read back.
   */
  async insert(m: EntityManager, saga: SagaRecord, steps: readonly StepRecord[], now: Date): Promise<void> {
    await m.query(
      `INSERT INTO sagas (id, order_id, status, current_step, next_attempt_at, deadline_at, last_error, finished_at, created_at, updated_at, order_context)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        saga.id,
        saga.orderId,
        saga.status,
        saga.currentStep,
        saga.nextAttemptAt,
        saga.deadlineAt,
        saga.lastError,
        saga.finishedAt,
        saga.createdAt,
        now,
        JSON.stringify(saga.context),
      ],
    );
    await this.saveSteps(m, steps);
  }

  /**
   * The saga and its steps, in one statement; with `lock` the saga row and its steps are held
   * (`FOR UPDATE`) until the transaction ends, and with `skipLocked` a saga another transaction
   * holds reads as absent.
   */
  async load(
    m: EntityManager,
    sagaId: string,
    lock: boolean,
    skipLocked = false,
  ): Promise<{ saga: SagaRecord; steps: StepRecord[] } | undefined> {
    const locking = lock ? (skipLocked ? ' FOR UPDATE SKIP LOCKED' : ' FOR UPDATE') : '';
    const rows = await m.query<(SagaRow & StepColumns)[]>(
      `SELECT s.*, ${STEP_COLUMNS.map((c) => `t.${c} AS step_${c}`).join(', ')}
         FROM sagas s JOIN saga_steps t ON t.saga_id = s.id
        WHERE s.id = ? ORDER BY t.step_no${locking}`,
      [sagaId],
    );
    if (rows.length === 0) return undefined;
    return { saga: toSaga(rows[0]), steps: rows.map((row) => toStep(stepOf(row))) };
  }

  /** Writes the saga row; its order context only when `contextChanged` (once an order, at its quote). */
  async update(m: EntityManager, s: SagaRecord, now: Date, contextChanged: boolean): Promise<void> {
    const context = contextChanged ? ', order_context = ?' : '';
    await m.query(
      `UPDATE sagas SET status = ?, current_step = ?, next_attempt_at = ?, deadline_at = ?, last_error = ?, finished_at = ?, updated_at = ?${context}
         WHERE id = ?`,
      [
        s.status,
        s.currentStep,
        s.nextAttemptAt,
        s.deadlineAt,
        s.lastError,
        s.finishedAt,
        now,
        ...(contextChanged ? [JSON.stringify(s.context)] : []),
        s.id,
      ],
    );
  }

  /** Writes `steps` (new or changed) in one statement: a multi-row upsert on (saga_id, step_no). */
  async saveSteps(m: EntityManager, steps: readonly StepRecord[]): Promise<void> {
    if (steps.length === 0) return;
    const row = `(${STEP_COLUMNS.map(() => '?').join(', ')})`;
    await m.query(
      `INSERT INTO saga_steps (${STEP_COLUMNS.join(', ')}) VALUES ${steps.map(() => row).join(', ')}
         ON DUPLICATE KEY UPDATE ${UPDATED_STEP_COLUMNS.map((c) => `${c} = VALUES(${c})`).join(', ')}`,
      steps.flatMap(stepValues),
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
