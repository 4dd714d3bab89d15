import { Injectable } from '@nestjs/common';
import { ListSagasRequest, SAGA_STATUSES, SagaStepView, SagaSummary, SagaView } from '@shop/contracts';
import { EntityManager } from 'typeorm';

import { SagaRow } from './saga.model';
import { SagaRepository } from './saga.repository';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** Read side of the sagas: what the order view and the operators' endpoints show. */
@Injectable()
export class SagaQueries {
  constructor(private readonly sagas: SagaRepository) {}

  /** Pass the manager of a REPEATABLE READ transaction to read the saga in one snapshot with other rows. */
  async byOrder(orderId: string, manager: EntityManager): Promise<SagaView | undefined> {
    const row = await this.sagas.rowByOrder(manager, orderId);
    return row ? this.view(row, manager) : undefined;
  }

  async byId(sagaId: string): Promise<SagaView | undefined> {
    // One snapshot for the saga row and its steps, so a transition committing in between cannot
    // show a saga in one state with steps from another.
    return this.sagas.snapshot(async (m) => {
      const row = await this.sagas.row(m, sagaId);
      return row ? this.view(row, m) : undefined;
    });
  }

  async list(request: ListSagasRequest): Promise<SagaSummary[]> {
    const limit = Math.min(Math.max(request.limit ?? 100, 1), 1000);
    const status =
      request.status && (SAGA_STATUSES as readonly string[]).includes(request.status) ? request.status : undefined;
    const rows = await this.sagas.list(status, limit);
    return rows.map((r) => ({
      sagaId: r.id,
      orderId: r.order_id,
      status: r.status,
      currentStep: Number(r.current_step),
      updatedAt: r.updated_at.toISOString(),
    }));
  }

  private async view(row: SagaRow, manager: EntityManager): Promise<SagaView> {
    const steps = await this.sagas.steps(manager, row.id);
    return {
      sagaId: row.id,
      orderId: row.order_id,
      status: row.status,
      currentStep: Number(row.current_step),
      lastError: row.last_error,
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
      finishedAt: iso(row.finished_at),
      steps: steps.map((s): SagaStepView => ({
        step: Number(s.step_no),
        name: s.name,
        state: s.state,
        attempts: Number(s.attempts),
        startedAt: iso(s.started_at),
        finishedAt: iso(s.finished_at),
        lastError: s.last_error,
        compensation:
          s.comp_state === null
            ? null
            : {
                state: s.comp_state,
                attempts: Number(s.comp_attempts),
                startedAt: iso(s.comp_started_at),
                finishedAt: iso(s.comp_finished_at),
                lastError: s.comp_last_error,
              },
      })),
    };
  }
}
