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

  async save(): Promise<void> {
    const s = this.saga;
    if (JSON.stringify(s) !== this.before) await this.store.sagas.update(this.m, s, this.now);
    for (const [i, step] of this.steps.entries()) {
      if (JSON.stringify(step) !== this.stepsBefore[i]) await this.store.sagas.updateStep(this.m, step);
    }
  }
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
