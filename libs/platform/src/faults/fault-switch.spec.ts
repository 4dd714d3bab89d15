import { NO_FAULTS } from '@shop/contracts';

import { abortableWait, FaultSwitch } from './fault-switch';

describe('FaultSwitch', () => {
  it('starts with no fault, merges patches and clears back to none', () => {
    const faults = new FaultSwitch();
    expect(faults.current()).toEqual(NO_FAULTS);
    expect(faults.update({ mode: 'hang' })).toEqual({ ...NO_FAULTS, mode: 'hang' });
    expect(faults.update({ latencyMs: 50 })).toEqual({ ...NO_FAULTS, mode: 'hang', latencyMs: 50 });
    expect(faults.clear()).toEqual(NO_FAULTS);
  });

  it('hands out copies, so a caller cannot change the settings behind its back', () => {
    const faults = new FaultSwitch();
    faults.current().mode = 'down';
    expect(faults.current().mode).toBe('up');
  });

  it('aborts the changed signal at every change, and hands out a fresh one after', () => {
    const faults = new FaultSwitch();
    const before = faults.changed;
    faults.update({ mode: 'down' });
    expect(before.aborted).toBe(true);
    expect(faults.changed.aborted).toBe(false);
  });
});

describe('abortableWait', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('resolves true once the time has passed, and leaves no timer', async () => {
    const waited = abortableWait(new AbortController().signal, 1_000);
    await jest.advanceTimersByTimeAsync(999);
    expect(jest.getTimerCount()).toBe(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(await waited).toBe(true);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('resolves false when any signal aborts first, and clears its timer', async () => {
    const a = new AbortController();
    const b = new AbortController();
    const waited = abortableWait([a.signal, b.signal], 60_000);
    b.abort();
    expect(await waited).toBe(false);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('without a time, waits for the abort only', async () => {
    const a = new AbortController();
    let settled = false;
    const waited = abortableWait(a.signal).then((elapsed) => ((settled = true), elapsed));
    await jest.advanceTimersByTimeAsync(3_600_000);
    expect(settled).toBe(false);
    a.abort();
    expect(await waited).toBe(false);
  });

  it('an already aborted signal answers at once', async () => {
    expect(await abortableWait(AbortSignal.abort(), 1_000)).toBe(false);
  });
});
