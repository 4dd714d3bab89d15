import { InjectedFaultError, LocalFaults } from './local-faults';

describe('LocalFaults', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('lets calls through when no fault is set', async () => {
    await expect(new LocalFaults().apply('inventory_catalogue', new AbortController().signal)).resolves.toBeUndefined();
  });

  it('fails at once when the dependency is down', async () => {
    const faults = new LocalFaults();
    faults.update('cache', { mode: 'down' });
    await expect(faults.apply('cache', new AbortController().signal)).rejects.toBeInstanceOf(InjectedFaultError);
  });

  it('delays by latencyMs, then lets the call through', async () => {
    const faults = new LocalFaults();
    faults.update('inventory_catalogue', { latencyMs: 200 });
    let done = false;
    const call = faults.apply('inventory_catalogue', new AbortController().signal).then(() => (done = true));
    await jest.advanceTimersByTimeAsync(199);
    expect(done).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    await call;
    expect(done).toBe(true);
  });

  it('hangs until the call is aborted (its timeout), then fails', async () => {
    const faults = new LocalFaults();
    faults.update('inventory_catalogue', { mode: 'hang' });
    const caller = new AbortController();
    const call = faults.apply('inventory_catalogue', caller.signal);
    let settled = false;
    call.catch(() => (settled = true));
    await jest.advanceTimersByTimeAsync(10_000);
    expect(settled).toBe(false);
    caller.abort(new Error('timeout'));
    await expect(call).rejects.toThrow('inventory_catalogue is hung');
  });

  it('fails every call with errorRate 1 and clears back to no faults', async () => {
    const faults = new LocalFaults();
    faults.update('cache', { errorRate: 1 });
    await expect(faults.apply('cache', new AbortController().signal)).rejects.toThrow('errorRate');
    expect(faults.clear('cache')).toEqual({ mode: 'up', latencyMs: 0, errorRate: 0 });
    await expect(faults.apply('cache', new AbortController().signal)).resolves.toBeUndefined();
  });

  it('keeps each dependency’s faults apart', () => {
    const faults = new LocalFaults();
    faults.update('cache', { mode: 'down' });
    expect(faults.current('inventory_catalogue').mode).toBe('up');
  });
});
