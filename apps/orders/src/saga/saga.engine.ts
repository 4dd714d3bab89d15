import { randomUUID } from 'node:crypto';

import { Injectable, Logger, Optional } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { SAGA_TOPIC, sagaCommandId, SagaReply, SagaStatus } from '@shop/contracts';
import { enqueueMessage, OutboxRelay, recordIncomingMessage } from '@shop/messaging';
import { DataSource, EntityManager } from 'typeorm';

import { euros, toCents } from '../orders/money';
import { OrdersRepository } from '../orders/orders.repository';
import { deadLetterFor, enqueueCommand, enqueueOrderCompleted, payloadFor, sendCommand } from './saga.commands';
import { LAST_STEP, retryDueInMs, SAGA_POLICY, stepDefinition } from './saga.definition';
import { SagaMetrics } from './saga.metrics';
import { newSaga, StepRecord } from './saga.model';
import { SagaOrderContext } from './saga.order-context';
import { SagaRepository } from './saga.repository';
import { inResultSpan, inStepSpan } from './saga.tracing';
import { Effects, loadTransition, newSagaTransition, Transition, TransitionStore } from './saga.transition';
import { ShippingQuoteRequest, ShippingQuoteService } from './shipping-quote.service';

const RETRIABLE_SQL = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT']);

/**
 * The orchestrator of the order saga. Every transition runs in one transaction that holds the
 * saga's row lock (`SELECT … FOR UPDATE`), so two `orders` replicas never drive the same saga at
 * once; the commands it emits are written to the outbox in that same transaction, so a command
 * leaves only after the state that explains it is committed, and a crash loses neither.
 */
@Injectable()
export class SagaEngine {
  private readonly logger = new Logger(SagaEngine.name);
  private readonly paymentPendingDeadlineMs: number;
  private readonly compensationDeadlineMs: number;
  private readonly store: TransitionStore;

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxRelay,
    private readonly shipping: ShippingQuoteService,
    private readonly metrics: SagaMetrics,
    private readonly sagas: SagaRepository,
    private readonly orders: OrdersRepository,
    @Optional() config?: ConfigService,
  ) {
    this.store = { sagas, orders };
    this.paymentPendingDeadlineMs =
      config?.get<number>('SAGA_PAYMENT_PENDING_DEADLINE_MS') ?? SAGA_POLICY.paymentPendingDeadlineMs;
    this.compensationDeadlineMs =
      config?.get<number>('SAGA_COMPENSATION_DEADLINE_MS') ?? SAGA_POLICY.compensationDeadlineMs;
  }

  /**
   * Creates the saga of a new order inside the caller's transaction (the order row is written by
   * it): step 1 is done by that very insert, step 2's command goes to the outbox. Call
   * {@link afterPlacement} once the transaction has committed.
   */
  async createSaga(
    m: EntityManager,
    orderId: string,
    context: SagaOrderContext,
  ): Promise<{ sagaId: string; effects: Effects }> {
    const sagaId = randomUUID();
    const [saga, steps] = newSaga(sagaId, orderId, context, new Date());
    const tx = newSagaTransition(m, this.store, saga, steps);
    await inStepSpan(tx.saga, tx.step(1), 'action', () => Promise.resolve()); // done by the order's insert
    await this.advance(tx);
    await tx.save();
    this.metrics.started.inc();
    return { sagaId, effects: tx.effects };
  }

  afterPlacement(sagaId: string, effects: Effects): void {
    this.afterCommit(sagaId, effects);
  }

  /** Applies a participant's reply. Late, duplicate and stale replies change nothing. */
  async onReply(reply: SagaReply): Promise<void> {
    const phase = reply.commandId.endsWith('/c') ? 'compensation' : 'action';
    await inResultSpan(reply.sagaId, reply.step, phase, reply.outcome, () => this.applyReply(reply, phase));
  }

  private async applyReply(reply: SagaReply, phase: 'action' | 'compensation'): Promise<void> {
    await this.transition(reply.sagaId, `reply ${reply.action} ${reply.outcome}`, async (tx) => {
      if (!(await recordIncomingMessage(tx.m, reply.messageId, SAGA_TOPIC.replies))) return;
      const step = tx.step(reply.step);
      if (!step || reply.commandId !== sagaCommandId(tx.saga.id, step.no, phase)) return;
      const why = reply.errorCode ? `${reply.errorCode}: ${reply.error ?? ''}`.trim() : (reply.error ?? 'failed');
      if (phase === 'action') {
        if (
          tx.saga.status !== 'RUNNING' ||
          tx.saga.currentStep !== step.no ||
          (step.state !== 'RUNNING' && step.state !== 'WAITING')
        )
          return;
        if (reply.outcome === 'SUCCEEDED') {
          this.applyActionResult(tx, step, reply.data ?? {});
          step.state = 'SUCCEEDED';
          step.finishedAt = tx.now;
          step.lastError = null;
          await this.advance(tx);
        } else if (reply.outcome === 'PENDING') {
          if (step.state !== 'WAITING') {
            step.state = 'WAITING';
            step.lastError = reply.error ?? 'participant queued the work';
            tx.saga.deadlineAt = tx.in(this.paymentPendingDeadlineMs);
            tx.setOrderStatus('PAYMENT_PENDING');
          }
          tx.saga.nextAttemptAt = tx.in(SAGA_POLICY.paymentPendingPollMs);
        } else {
          step.state = 'FAILED';
          step.finishedAt = tx.now;
          step.lastError = why;
          this.startCompensation(tx, step, false, why);
          await this.advance(tx);
        }
      } else {
        if (tx.saga.status === 'FAILED' && step.compState === 'FAILED' && reply.outcome === 'SUCCEEDED') {
          // An operator replayed the dead-lettered compensation and it worked: finish compensating.
          tx.saga.status = 'COMPENSATING';
          tx.saga.finishedAt = null;
          step.compState = 'RUNNING';
        }
        if (tx.saga.status !== 'COMPENSATING' || step.compState !== 'RUNNING') return;
        if (reply.outcome === 'SUCCEEDED') {
          step.compState = 'SUCCEEDED';
          step.compFinishedAt = tx.now;
          step.compLastError = null;
          await this.advance(tx);
        } else {
          // A compensation must eventually succeed: keep it running; the sweeper retries it.
          step.compLastError = why;
        }
      }
    });
  }

  /**
   * Called by the sweeper for a saga whose `next_attempt_at` has passed: retries the step it waits
   * for, or gives up on it (compensate, or FAILED when a compensation is exhausted). Skips sagas
   * another replica is working on right now.
   */
  async onDue(sagaId: string): Promise<void> {
    await this.transition(
      sagaId,
      'due',
      async (tx) => {
        const saga = tx.saga;
        if (saga.nextAttemptAt === null || saga.nextAttemptAt > tx.now) return;
        const step = tx.step(saga.currentStep);
        const def = stepDefinition(step.no);
        if (saga.status === 'RUNNING') {
          if (step.state === 'PENDING') return this.advance(tx);
          if (step.state === 'WAITING') {
            if (saga.deadlineAt && tx.now > saga.deadlineAt)
              return this.giveUpOnStep(tx, step, 'payment still pending at its deadline');
            await sendCommand(tx, step, 'action');
            saga.nextAttemptAt = tx.in(SAGA_POLICY.paymentPendingPollMs);
            return;
          }
          if (step.state !== 'RUNNING') return;
          const exhausted =
            step.attempts >= SAGA_POLICY.maxActionAttempts || (saga.deadlineAt !== null && tx.now > saga.deadlineAt);
          if (exhausted && !def.neverFails)
            return this.giveUpOnStep(tx, step, `no answer after ${step.attempts} attempts`);
          await inStepSpan(tx.saga, step, 'action', () => this.dispatchAction(tx, step));
        } else if (saga.status === 'COMPENSATING') {
          if (step.compState !== 'RUNNING') return this.advance(tx);
          if (this.compensationExhausted(step, tx.now)) return this.failSaga(tx, step);
          await inStepSpan(tx.saga, step, 'compensation', () => this.dispatchCompensation(tx, step));
        }
      },
      true,
    );
  }

  /** Asks the carrier (step 3), then applies its quote (or the fallback) to the saga. */
  async runShippingQuote(sagaId: string, request: ShippingQuoteRequest): Promise<void> {
    const quote = await this.shipping.quote(request);
    await this.transition(sagaId, 'shipping quote', async (tx) => {
      const step = tx.step(3);
      if (tx.saga.status !== 'RUNNING' || tx.saga.currentStep !== 3 || step.state !== 'RUNNING') return;
      const order = tx.saga.context;
      const costCents = toCents(quote.cost);
      order.totalCents = order.itemsTotalCents + costCents;
      tx.changeOrder({
        shipping_cost: euros(costCents),
        shipping_fallback: quote.fallback ? 1 : 0,
        total: euros(order.totalCents),
      });
      step.state = 'SUCCEEDED';
      step.finishedAt = tx.now;
      step.lastError = quote.fallback ? `carrier unavailable (${quote.reason}); fixed-cost fallback used` : null;
      await this.advance(tx);
    });
  }

  // ---- transitions -------------------------------------------------------------------------

  /** Runs `work` on the locked saga in one transaction; retries deadlocks; runs effects after commit. */
  private async transition(
    sagaId: string,
    what: string,
    work: (tx: Transition) => Promise<void>,
    skipLocked = false,
  ): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        const effects = await this.dataSource.transaction(async (m) => {
          const tx = await loadTransition(m, this.store, sagaId, true, skipLocked);
          if (!tx) return undefined;
          await work(tx);
          await tx.save();
          return tx.effects;
        });
        if (effects) this.afterCommit(sagaId, effects);
        return;
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (attempt < 4 && code && RETRIABLE_SQL.has(code)) continue;
        this.logger.warn({ msg: `saga transition failed (${what})`, sagaId, error: (error as Error).message });
        throw error;
      }
    }
  }

  private afterCommit(sagaId: string, effects: Effects): void {
    if (effects.kickOutbox) this.outbox.kick();
    const quote = effects.quoteShipping;
    if (quote) {
      void inResultSpan(sagaId, 3, 'action', 'QUOTED', () => this.runShippingQuote(sagaId, quote)).catch(
        (error: Error) =>
          this.logger.warn({
            msg: 'shipping quote could not be applied; the sweeper retries',
            sagaId,
            error: error.message,
          }),
      );
    }
    if (effects.finished) this.metrics.finished(effects.finished.status, effects.finished.startedAt);
  }

  /** Moves the saga forward (or backward) through every step it can do now, until it must wait. */
  private async advance(tx: Transition): Promise<void> {
    const saga = tx.saga;
    for (;;) {
      if (saga.status === 'RUNNING') {
        const step = tx.step(saga.currentStep);
        if (step.state === 'SUCCEEDED') {
          if (step.no === LAST_STEP) return this.complete(tx);
          saga.currentStep = step.no + 1;
          saga.deadlineAt = null;
          continue;
        }
        if (step.state !== 'PENDING') return;
        await inStepSpan(tx.saga, step, 'action', () => this.dispatchAction(tx, step));
        if (tx.step(step.no).state === 'SUCCEEDED') continue;
        return;
      }
      if (saga.status === 'COMPENSATING') {
        const next = [...tx.steps].reverse().find((s) => s.compState === 'PENDING' || s.compState === 'RUNNING');
        if (!next) return this.finishCompensated(tx);
        saga.currentStep = next.no;
        if (next.compState === 'RUNNING') return;
        await inStepSpan(tx.saga, next, 'compensation', () => this.dispatchCompensation(tx, next));
        if (next.compState === 'SUCCEEDED') continue;
        return;
      }
      return;
    }
  }

  private async dispatchAction(tx: Transition, step: StepRecord): Promise<void> {
    const def = stepDefinition(step.no);
    step.attempts++;
    step.startedAt ??= tx.now;
    if (step.attempts === 1) tx.saga.deadlineAt = tx.in(SAGA_POLICY.stepDeadlineMs);
    if (def.action.kind === 'inline') {
      await this.runInlineAction(tx, step);
      step.state = 'SUCCEEDED';
      step.finishedAt = tx.now;
      return;
    }
    step.state = 'RUNNING';
    tx.saga.nextAttemptAt = tx.in(retryDueInMs(def, step.attempts));
    if (def.action.kind === 'local-call') tx.effects.quoteShipping = tx.saga.context.shipping;
    else await sendCommand(tx, step, 'action');
  }

  private async dispatchCompensation(tx: Transition, step: StepRecord): Promise<void> {
    const def = stepDefinition(step.no);
    step.compAttempts++;
    step.compStartedAt ??= tx.now;
    if (def.compensation.kind === 'command') {
      step.compState = 'RUNNING';
      tx.saga.nextAttemptAt = tx.in(retryDueInMs(def, step.compAttempts));
      await sendCommand(tx, step, 'compensation');
      return;
    }
    if (def.compensation.kind === 'inline') await this.runInlineCompensation(tx, step);
    step.compState = def.compensation.kind === 'none' ? 'SKIPPED' : 'SUCCEEDED';
    step.compFinishedAt = tx.now;
  }

  /** Step 5 (step 1 is done by the placement's insert). */
  private async runInlineAction(tx: Transition, step: StepRecord): Promise<void> {
    if (step.no !== 5) return;
    tx.setOrderStatus('CONFIRMED');
    // The reservation becomes a sale: it no longer expires. Same transaction, same outbox.
    await enqueueCommand(tx, `${tx.saga.id}/2/k`, 2, SAGA_TOPIC.inventoryCommands, 'COMMIT_STOCK', 1, {});
  }

  private async runInlineCompensation(tx: Transition, step: StepRecord): Promise<void> {
    const status = step.no === 1 ? 'CANCELLED' : step.no === 5 ? 'PENDING' : undefined;
    if (status) tx.setOrderStatus(status);
    if (step.no === 1) {
      // The customer hears that the order was cancelled. Fire-and-forget, like COMMIT_STOCK: the
      // notice is the notifications service's to deliver, nothing here waits for it.
      const payload = payloadFor(tx, 'SEND_CANCELLATION_NOTICE');
      await enqueueCommand(
        tx,
        `${tx.saga.id}/1/n`,
        1,
        SAGA_TOPIC.notificationCommands,
        'SEND_CANCELLATION_NOTICE',
        1,
        payload,
      );
    }
  }

  /** The payment went through (step 4): its charge, and the order back from PAYMENT_PENDING. */
  private applyActionResult(tx: Transition, step: StepRecord, data: Record<string, unknown>): void {
    if (step.no === 4) {
      const chargeId = typeof data.chargeId === 'string' ? data.chargeId : null;
      tx.changeOrder({ charge_id: chargeId, status: 'PENDING' });
    }
  }

  /**
   * Compensates the steps before `failed` that succeeded, newest first; `failed` itself too when
   * its outcome is unknown (a command that timed out may still have been applied).
   */
  private startCompensation(tx: Transition, failed: StepRecord, outcomeUnknown: boolean, why: string): void {
    tx.saga.status = 'COMPENSATING';
    tx.saga.lastError = `step ${failed.no} ${failed.name} failed: ${why}`;
    tx.saga.deadlineAt = null;
    for (const step of tx.steps) {
      const undo = stepDefinition(step.no).compensation.kind;
      const needed = step.no < failed.no ? step.state === 'SUCCEEDED' : step.no === failed.no && outcomeUnknown;
      if (needed) step.compState = undo === 'none' ? 'SKIPPED' : 'PENDING';
    }
  }

  private async giveUpOnStep(tx: Transition, step: StepRecord, why: string): Promise<void> {
    step.state = 'FAILED';
    step.finishedAt = tx.now;
    step.lastError = why;
    this.startCompensation(tx, step, stepDefinition(step.no).action.kind === 'command', why);
    await this.advance(tx);
  }

  private async complete(tx: Transition): Promise<void> {
    this.finish(tx, 'COMPLETED');
    tx.setOrderStatus('COMPLETED');
    await enqueueOrderCompleted(tx);
  }

  private finishCompensated(tx: Transition): void {
    this.finish(tx, 'COMPENSATED');
    tx.setOrderStatus('CANCELLED');
  }

  /** Given up only after its attempts and its deadline both ran out (see SAGA_POLICY). */
  private compensationExhausted(step: StepRecord, now: Date): boolean {
    return (
      step.compAttempts >= SAGA_POLICY.maxCompensationAttempts &&
      now.getTime() - (step.compStartedAt ?? now).getTime() >= this.compensationDeadlineMs
    );
  }

  /** A compensation kept failing: the saga needs an operator. Its command goes to the dead letters. */
  private async failSaga(tx: Transition, step: StepRecord): Promise<void> {
    step.compState = 'FAILED';
    step.compFinishedAt = tx.now;
    const seconds = Math.round((tx.now.getTime() - (step.compStartedAt ?? tx.now).getTime()) / 1000);
    const why = `compensation of step ${step.no} ${step.name} failed after ${step.compAttempts} attempts in ${seconds} s${step.compLastError ? `: ${step.compLastError}` : ''}`;
    tx.saga.lastError = why;
    this.finish(tx, 'FAILED');
    tx.setOrderStatus('FAILED');
    const letter = deadLetterFor(tx, step, why);
    if (!letter) return;
    await enqueueMessage(tx.m, { topic: SAGA_TOPIC.deadLetters, key: tx.saga.id, payload: letter });
    tx.effects.kickOutbox = true;
  }

  private finish(tx: Transition, status: SagaStatus): void {
    tx.saga.status = status;
    tx.saga.finishedAt = tx.now;
    tx.saga.nextAttemptAt = null;
    tx.saga.deadlineAt = null;
    tx.effects.finished = { status, startedAt: tx.saga.createdAt };
  }
}
