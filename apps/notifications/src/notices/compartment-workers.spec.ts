import type { Queue } from 'bull';

import { startCompartmentWorkers } from './compartment-workers';

const fakeQueue = () => {
  const process = jest.fn(() => new Promise<void>(() => undefined));
  return { queue: { process } as unknown as Queue<unknown>, process };
};

describe('startCompartmentWorkers', () => {
  it("starts each compartment's queue with that compartment's concurrency", () => {
    const critical = fakeQueue();
    const background = fakeQueue();
    startCompartmentWorkers({
      queues: { critical: critical.queue, background: background.queue },
      concurrency: { critical: 8, background: 2 },
      process: async () => undefined,
      onError: () => undefined,
    });
    expect(critical.process).toHaveBeenCalledWith(8, expect.any(Function));
    expect(background.process).toHaveBeenCalledWith(2, expect.any(Function));
  });

  it('refuses a concurrency that is not a whole number ≥ 1, naming the compartment, before starting any queue', () => {
    for (const bad of [0, 1.5, Number.NaN]) {
      const critical = fakeQueue();
      const background = fakeQueue();
      expect(() =>
        startCompartmentWorkers({
          queues: { critical: critical.queue, background: background.queue },
          concurrency: { critical: 8, background: bad },
          process: async () => undefined,
          onError: () => undefined,
        }),
      ).toThrow(/compartment background: concurrency must be a whole number ≥ 1/);
      expect(critical.process).not.toHaveBeenCalled();
    }
  });

  it('reports a worker loop that fails to start', async () => {
    const failing = { process: jest.fn(() => Promise.reject(new Error('redis gone'))) } as unknown as Queue<unknown>;
    const errors: string[] = [];
    startCompartmentWorkers({
      queues: { critical: failing },
      concurrency: { critical: 1 },
      process: async () => undefined,
      onError: (c, e) => errors.push(`${c}: ${e.message}`),
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(errors).toEqual(['critical: redis gone']);
  });
});
