import { Logger } from '@nestjs/common';

import { AdvisorFaults } from './advisor-faults';

describe('AdvisorFaults', () => {
  beforeEach(() => {
    jest.useFakeTimers();
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  const settle = async <T>(p: Promise<T>) => {
    let state: 'pending' | 'resolved' | 'rejected' = 'pending';
    p.then(
      () => (state = 'resolved'),
      () => (state = 'rejected'),
    );
    await jest.advanceTimersByTimeAsync(0);
    return () => state;
  };

  it('lets calls through without faults', async () => {
    await expect(new AdvisorFaults().apply(new AbortController().signal)).resolves.toBeUndefined();
  });

  it('fails at once when down', async () => {
    const faults = new AdvisorFaults();
    faults.update({ mode: 'down' });
    await expect(faults.apply(new AbortController().signal)).rejects.toThrow('down');
  });

  it('delays by latencyMs', async () => {
    const faults = new AdvisorFaults();
    faults.update({ latencyMs: 300 });
    const state = await settle(faults.apply(new AbortController().signal));
    await jest.advanceTimersByTimeAsync(299);
    expect(state()).toBe('pending');
    await jest.advanceTimersByTimeAsync(1);
    expect(state()).toBe('resolved');
  });

  it('hangs until the caller goes away, then fails', async () => {
    const faults = new AdvisorFaults();
    faults.update({ mode: 'hang' });
    const caller = new AbortController();
    const call = faults.apply(caller.signal);
    const state = await settle(call);
    await jest.advanceTimersByTimeAsync(60_000);
    expect(state()).toBe('pending');
    caller.abort();
    await expect(call).rejects.toThrow('caller gave up');
  });

  it('releases hung calls when the fault is cleared', async () => {
    const faults = new AdvisorFaults();
    faults.update({ mode: 'hang' });
    const state = await settle(faults.apply(new AbortController().signal));
    expect(state()).toBe('pending');
    expect(faults.clear()).toEqual({ mode: 'up', latencyMs: 0, errorRate: 0 });
    await jest.advanceTimersByTimeAsync(0);
    expect(state()).toBe('resolved');
  });

  it('merges updates over the current settings', () => {
    const faults = new AdvisorFaults();
    faults.update({ latencyMs: 50 });
    expect(faults.update({ errorRate: 0.5 })).toEqual({ mode: 'up', latencyMs: 50, errorRate: 0.5 });
  });
});
