import { randomUUID } from 'node:crypto';

import Bull, { Job, Queue } from 'bull';

import { startCompartmentWorkers } from './compartment-workers';

// The compartment queues on the real Redis: what keeps a confirmation from waiting behind a
// flood of follow-ups is a queue and workers of its own, and that is what this checks.
const REDIS = { host: '127.0.0.1', port: 6379 };
type Compartment = 'critical' | 'background';

async function until(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('startCompartmentWorkers (real Redis)', () => {
  const prefix = `bull:int-compartments-${randomUUID()}`;
  let queues: Record<Compartment, Queue<{ n: number }>>;
  let releaseBackground: () => void = () => undefined;

  beforeEach(() => {
    queues = {
      critical: new Bull('notices-critical', { redis: REDIS, prefix }),
      background: new Bull('notices-background', { redis: REDIS, prefix }),
    };
  });

  afterEach(async () => {
    releaseBackground();
    for (const queue of Object.values(queues)) {
      await queue.close();
      const cleaner = new Bull(queue.name, { redis: REDIS, prefix });
      await cleaner.obliterate({ force: true });
      await cleaner.close();
    }
  });

  it('runs a critical job at once while slow background jobs hold every background worker, and never more than those', async () => {
    const gate = new Promise<void>((resolve) => (releaseBackground = resolve));
    const running: Record<Compartment, number> = { critical: 0, background: 0 };
    const mostRunning: Record<Compartment, number> = { critical: 0, background: 0 };
    const finished: string[] = [];
    const workerErrors: Error[] = [];
    startCompartmentWorkers({
      queues,
      concurrency: { critical: 4, background: 2 },
      process: async (job: Job<{ n: number }>, compartment: Compartment) => {
        running[compartment] += 1;
        mostRunning[compartment] = Math.max(mostRunning[compartment], running[compartment]);
        if (compartment === 'background') await gate;
        running[compartment] -= 1;
        finished.push(`${compartment}:${job.data.n}`);
      },
      onError: (_compartment, error) => workerErrors.push(error),
    });

    await queues.background.addBulk(Array.from({ length: 40 }, (_, n) => ({ data: { n } })));
    await until('both background workers to be busy', () => running.background === 2);
    const confirmation = await queues.critical.add({ n: 1 });
    await confirmation.finished();

    expect(finished).toEqual(['critical:1']); // it did not wait for a single follow-up
    expect(await queues.background.getJobCounts()).toMatchObject({ active: 2, waiting: 38 });

    releaseBackground();
    await until('the background backlog to drain', () => finished.length === 41);
    expect(mostRunning).toEqual({ critical: 1, background: 2 });
    expect(workerErrors).toEqual([]);
    // Jest's 5 s default is shorter than the waits above allow: on two busy cores the 40 jobs'
    // round trips through Redis alone took longer than that.
  }, 30_000);
});
