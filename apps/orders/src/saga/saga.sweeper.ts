import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { PeriodicTask } from '@shop/platform';

import { SagaEngine } from './saga.engine';
import { SagaRepository } from './saga.repository';

const SWEEP_INTERVAL_MS = 500;
const SWEEP_BATCH = 100;
const SWEEP_CONCURRENCY = 4;

/**
 * The recovery sweeper: finds sagas whose `next_attempt_at` has passed (a reply that never came,
 * a retry that is due, a process that died mid-step) and hands them to the engine. After a crash
 * this is what resumes the in-flight sagas; with two replicas, `SKIP LOCKED` in the engine makes
 * each due saga go to one of them.
 */
@Injectable()
export class SagaSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SagaSweeper.name);
  private readonly task = new PeriodicTask(() => this.sweepPass(), { intervalMs: SWEEP_INTERVAL_MS, idle: 0 });

  constructor(
    private readonly sagas: SagaRepository,
    private readonly engine: SagaEngine,
  ) {}

  onApplicationBootstrap(): void {
    this.task.start();
  }

  /** One pass (none while one is running); returns how many due sagas it looked at. */
  sweep(): Promise<number> {
    return this.task.runOnce();
  }

  private async sweepPass(): Promise<number> {
    try {
      const due = await this.sagas.due(new Date(), SWEEP_BATCH);
      const queue = [...due];
      const workers = Array.from({ length: SWEEP_CONCURRENCY }, async () => {
        for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
          await this.engine.onDue(id).catch(() => undefined); // logged by the engine; retried next pass
        }
      });
      await Promise.all(workers);
      return due.length;
    } catch (error) {
      this.logger.warn({ msg: 'saga sweep failed', error: (error as Error).message });
      return 0;
    }
  }

  onApplicationShutdown(): void {
    this.task.stop();
  }
}
