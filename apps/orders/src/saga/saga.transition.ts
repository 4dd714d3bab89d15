import { OrderStatus, SagaStatus } from '@shop/contracts';
import { EntityManager } from 'typeorm';

import { OrdersRepository } from '../orders/orders.repository';
import { SagaRecord, StepRecord } from './saga.model';
import { SagaRepository } from './saga.repository';

/** The repositories a transition reads and writes through, all in its transaction. */
export interface TransitionStore {
  readonly sagas: SagaRepository;
  readonly orders: OrdersRepository;
}

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
    readonly store: TransitionStore,
    private readonly isNew = false,
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
    await this.store.orders.setStatus(this.m, this.saga.orderId, status, this.now);
  }

  /** Writes what changed: the saga row in one statement, the changed steps in one more. */
  async save(): Promise<void> {
    if (this.isNew) {
      await this.store.sagas.insert(this.m, this.saga, this.steps, this.now);
      return;
    }
    if (JSON.stringify(this.saga) !== this.before) await this.store.sagas.update(this.m, this.saga, this.now);
    await this.store.sagas.saveSteps(
      this.m,
      this.steps.filter((step, i) => JSON.stringify(step) !== this.stepsBefore[i]),
    );
  }
}

/**
 * The first transition of a new saga, on records not yet written: {@link Transition.save} inserts
 * them as they stand at its end (one row and one multi-row insert, nothing read back).
 */
export function newSagaTransition(
  m: EntityManager,
  store: TransitionStore,
  saga: SagaRecord,
  steps: StepRecord[],
): Transition {
  return new Transition(m, saga, steps, saga.createdAt, store, true);
}

/** Loads a saga and its steps as a transition, with the saga row locked when `lock`. */
export async function loadTransition(
  m: EntityManager,
  store: TransitionStore,
  sagaId: string,
  lock: boolean,
  skipLocked = false,
): Promise<Transition | undefined> {
  const loaded = await store.sagas.load(m, sagaId, lock, skipLocked);
  return loaded && new Transition(m, loaded.saga, loaded.steps, new Date(), store);
}
