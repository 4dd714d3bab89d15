import { OrderStatus, SagaStatus } from '@shop/contracts';
import { EntityManager } from 'typeorm';

import { OrderChanges, OrdersRepository } from '../orders/orders.repository';
import { SagaRecord, StepRecord } from './saga.model';
import { SagaRepository } from './saga.repository';
import { ShippingQuoteRequest } from './shipping-quote.service';

/** The repositories a transition reads and writes through, all in its transaction. */
export interface TransitionStore {
  readonly sagas: SagaRepository;
  readonly orders: OrdersRepository;
}

/** What a committed transition asks for afterwards. */
export interface Effects {
  kickOutbox: boolean;
  /** Ask the carrier for this quote (step 3), after the commit: no HTTP call inside a transaction. */
  quoteShipping?: ShippingQuoteRequest;
  finished?: { status: SagaStatus; startedAt: Date };
}

/** One transition of one saga: the saga row locked, its steps loaded, changes kept until commit. */
export class Transition {
  readonly effects: Effects = { kickOutbox: false };
  private readonly before: string;
  private readonly contextBefore: string;
  private readonly stepsBefore: string[];
  /** The order row's changes, written in one statement by {@link save} (a transition may make two). */
  private readonly orderChanges: OrderChanges = {};

  constructor(
    readonly m: EntityManager,
    readonly saga: SagaRecord,
    readonly steps: StepRecord[],
    readonly now: Date,
    readonly store: TransitionStore,
    private readonly isNew = false,
  ) {
    this.before = JSON.stringify(saga);
    this.contextBefore = JSON.stringify(saga.context);
    this.stepsBefore = steps.map((s) => JSON.stringify(s));
  }

  step(no: number): StepRecord {
    return this.steps[no - 1];
  }

  in(ms: number): Date {
    return new Date(this.now.getTime() + ms);
  }

  /** Sets the status of the saga's order, written with the transition. */
  setOrderStatus(status: OrderStatus): void {
    this.changeOrder({ status });
  }

  /** Changes more of the saga's order (its charge, its shipping), written with the transition. */
  changeOrder(changes: OrderChanges): void {
    Object.assign(this.orderChanges, changes);
  }

  /**
   * Writes what changed: the order row and the saga row in one statement each, the changed steps
   * in one more.
   */
  async save(): Promise<void> {
    await this.store.orders.update(this.m, this.saga.orderId, this.orderChanges, this.now);
    if (this.isNew) {
      await this.store.sagas.insert(this.m, this.saga, this.steps, this.now);
      return;
    }
    if (JSON.stringify(this.saga) !== this.before) {
      const contextChanged = JSON.stringify(this.saga.context) !== this.contextBefore;
      await this.store.sagas.update(this.m, this.saga, this.now, contextChanged);
    }
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
