import { PeriodicTask } from './periodic-task';

describe('PeriodicTask', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs a pass every interval once started, and no more once stopped', async () => {
    const pass = jest.fn(async () => 1);
    const task = new PeriodicTask(pass, { intervalMs: 1_000, idle: 0 });
    await jest.advanceTimersByTimeAsync(5_000);
    expect(pass).not.toHaveBeenCalled();
    task.start();
    task.start(); // idempotent: still one timer
    await jest.advanceTimersByTimeAsync(3_000);
    expect(pass).toHaveBeenCalledTimes(3);
    task.stop();
    await jest.advanceTimersByTimeAsync(5_000);
    expect(pass).toHaveBeenCalledTimes(3);
  });

  it('runs one pass at a time: a tick during a pass is skipped, and runOnce answers idle', async () => {
    let release!: () => void;
    const pass = jest.fn(() => new Promise<number>((resolve) => (release = () => resolve(7))));
    const task = new PeriodicTask(pass, { intervalMs: 100, idle: 0 });
    const first = task.runOnce();
    task.start();
    await jest.advanceTimersByTimeAsync(1_000);
    expect(pass).toHaveBeenCalledTimes(1);
    expect(await task.runOnce()).toBe(0);
    release();
    expect(await first).toBe(7);
    await jest.advanceTimersByTimeAsync(100);
    expect(pass).toHaveBeenCalledTimes(2);
    task.stop();
  });

  it('a failed pass does not stop the ticks, and frees the next one', async () => {
    const pass = jest.fn().mockRejectedValueOnce(new Error('boom')).mockResolvedValue(1);
    const task = new PeriodicTask(pass as () => Promise<number>, { intervalMs: 100, idle: 0 });
    await expect(task.runOnce()).rejects.toThrow('boom');
    task.start();
    await jest.advanceTimersByTimeAsync(200);
    expect(pass).toHaveBeenCalledTimes(3);
    task.stop();
  });

  it('stop() clears its timer', () => {
    const task = new PeriodicTask(async () => 1, { intervalMs: 100, idle: 0 });
    task.start();
    expect(jest.getTimerCount()).toBe(1);
    task.stop();
    expect(jest.getTimerCount()).toBe(0);
  });
});
