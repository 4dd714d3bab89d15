import { DataSource } from 'typeorm';

import { SagaEngine } from './saga.engine';
import { SagaRepository } from './saga.repository';
import { SagaSweeper } from './saga.sweeper';

function sweeperWith(dueIds: string[], onDue: (id: string) => Promise<void>) {
  const query = jest.fn(async () => dueIds.map((id) => ({ id })));
  const engine = { onDue: jest.fn(onDue) };
  const sweeper = new SagaSweeper(
    new SagaRepository({ query } as unknown as DataSource),
    engine as unknown as SagaEngine,
  );
  return { sweeper, engine, query };
}

describe('SagaSweeper', () => {
  afterEach(() => jest.useRealTimers());

  it('hands every due saga to the engine, a few at a time', async () => {
    let running = 0;
    let peak = 0;
    const { sweeper, engine } = sweeperWith(['a', 'b', 'c', 'd', 'e', 'f', 'g'], async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setImmediate(r));
      running--;
    });
    expect(await sweeper.sweep()).toBe(7);
    expect(engine.onDue.mock.calls.map(([id]) => id).sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    expect(peak).toBeLessThanOrEqual(4);
  });

  it('keeps sweeping when one saga fails (it is retried on the next pass)', async () => {
    const { sweeper, engine } = sweeperWith(['bad', 'good'], async (id) => {
      if (id === 'bad') throw new Error('deadlock');
    });
    expect(await sweeper.sweep()).toBe(2);
    expect(engine.onDue).toHaveBeenCalledWith('good');
  });

  it('does not start a second pass while one is running', async () => {
    let release!: () => void;
    const { sweeper, query } = sweeperWith(['a'], () => new Promise<void>((r) => (release = r)));
    const first = sweeper.sweep();
    await new Promise((r) => setImmediate(r));
    expect(await sweeper.sweep()).toBe(0);
    release();
    expect(await first).toBe(1);
    expect(query).toHaveBeenCalledTimes(1);
  });

  it('sweeps on its own every half second once the app has started', async () => {
    jest.useFakeTimers();
    const { sweeper, query } = sweeperWith([], async () => undefined);
    sweeper.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(1_600);
    expect(query).toHaveBeenCalledTimes(3);
    sweeper.onApplicationShutdown();
    await jest.advanceTimersByTimeAsync(2_000);
    expect(query).toHaveBeenCalledTimes(3);
  });
});
