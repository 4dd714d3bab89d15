import { BulkheadPolicy } from './bulkhead.policy';
import { BulkheadRejectedError, isBulkheadRejectedError, isTaskCancelledError } from './errors';
import { Priority } from './policy';
import { deferred, flush, track } from './testing/helpers';

describe('BulkheadPolicy', () => {
  afterEach(() => jest.useRealTimers());

  it('runs up to maxConcurrent calls at once and rejects the next with reason "full" and figures', async () => {
    const b = new BulkheadPolicy({ maxConcurrent: 2, maxQueue: 0, dependency: 'db' });
    const gates = [deferred(), deferred()];
    const running = gates.map((g) => b.execute(() => g.promise));
    expect(b.active).toBe(2);
    const err = await b.execute(async () => 'never').catch((e: unknown) => e);
    expect(isBulkheadRejectedError(err)).toBe(true);
    expect(err).toMatchObject({ reason: 'full', active: 2, queued: 0, max: 2, dependency: 'db' });
    gates.forEach((g) => g.resolve());
    await Promise.all(running);
    expect(b.active).toBe(0);
  });

  it('admits a waiting higher-priority call before lower ones that queued earlier', async () => {
    const b = new BulkheadPolicy({ maxConcurrent: 1, maxQueue: 10 });
    const gate = deferred();
    const first = b.execute(() => gate.promise);
    const order: string[] = [];
    const enqueue = (p: Priority, tag: string) =>
      b.execute(async () => void order.push(tag), undefined, { priority: p });
    const waits = [
      enqueue('low', 'low1'),
      enqueue('normal', 'normal1'),
      enqueue('low', 'low2'),
      enqueue('high', 'high1'),
      enqueue('critical', 'crit1'),
      enqueue('normal', 'normal2'),
    ];
    expect(b.queued).toBe(6);
    gate.resolve();
    await Promise.all([first, ...waits]);
    expect(order).toEqual(['crit1', 'high1', 'normal1', 'normal2', 'low1', 'low2']);
  });

  it('caps a lane to its share so it cannot take the slots critical calls need', async () => {
    const b = new BulkheadPolicy({ maxConcurrent: 10, maxQueue: 0, laneShares: { low: 0.3 } });
    const gate = deferred();
    const lows = [0, 1, 2].map(() => b.execute(() => gate.promise, undefined, { priority: 'low' }));
    expect(b.activeIn('low')).toBe(3);
    const fourthLow = await b.execute(async () => 1, undefined, { priority: 'low' }).catch((e: unknown) => e);
    expect(fourthLow).toBeInstanceOf(BulkheadRejectedError);
    expect((fourthLow as BulkheadRejectedError).reason).toBe('lane-cap');
    // the 7 remaining slots all go to critical calls
    const crits = Array.from({ length: 7 }, () => b.execute(() => gate.promise, undefined, { priority: 'critical' }));
    expect(b.activeIn('critical')).toBe(7);
    expect(b.active).toBe(10);
    gate.resolve();
    await Promise.all([...lows, ...crits]);
  });

  it('keeps a capped lane waiting while other lanes use the free slots', async () => {
    const b = new BulkheadPolicy({ maxConcurrent: 4, maxQueue: 5, laneShares: { low: 0.25 } });
    const gate = deferred();
    const low1 = b.execute(() => gate.promise, undefined, { priority: 'low' });
    const low2 = track(b.execute(async () => 'low2', undefined, { priority: 'low' }));
    expect(b.queuedIn('low')).toBe(1);
    const normal = await b.execute(async () => 'normal');
    expect(normal).toBe('normal');
    expect(low2.state).toBe('pending');
    gate.resolve();
    await low1;
    await flush();
    expect(low2.state).toBe('fulfilled');
  });

  it('rejects with "queue-timeout" when a call waits longer than maxWaitMs', async () => {
    jest.useFakeTimers();
    const b = new BulkheadPolicy({ maxConcurrent: 1, maxQueue: 1, maxWaitMs: 500 });
    const gate = deferred();
    const running = b.execute(() => gate.promise);
    const waiting = track(b.execute(async () => 1));
    await jest.advanceTimersByTimeAsync(499);
    expect(waiting.state).toBe('pending');
    await jest.advanceTimersByTimeAsync(1);
    expect(waiting.state).toBe('rejected');
    expect(waiting.error).toMatchObject({ reason: 'queue-timeout' });
    expect(b.queued).toBe(0);
    gate.resolve();
    await running;
  });

  it('lets a more important arrival displace the newest less important waiter when the queue is full', async () => {
    const b = new BulkheadPolicy({ maxConcurrent: 1, maxQueue: 1 });
    const gate = deferred();
    const running = b.execute(() => gate.promise);
    const low = track(b.execute(async () => 'low', undefined, { priority: 'low' }));
    const crit = b.execute(async () => 'crit', undefined, { priority: 'critical' });
    await flush();
    expect(low.state).toBe('rejected');
    expect(low.error).toMatchObject({ reason: 'full' });
    gate.resolve();
    await expect(crit).resolves.toBe('crit');
    await running;
  });

  it('rejectNow answers what execute() would do now, without taking a slot or a queue place', async () => {
    const b = new BulkheadPolicy({ maxConcurrent: 1, maxQueue: 1, laneShares: { low: 0.5 }, dependency: 'db' });
    const rejections: string[] = [];
    b.onReject((e) => rejections.push(`${e.priority}:${e.reason}`));
    expect(b.rejectNow()).toBeUndefined(); // a free slot
    const gate = deferred();
    const running = b.execute(() => gate.promise);
    expect(b.rejectNow({ priority: 'normal' })).toBeUndefined(); // would queue
    expect(b.active).toBe(1);
    expect(b.queued).toBe(0);
    const low = track(b.execute(async () => 'low', undefined, { priority: 'low' }));
    // Queue full: a low call is refused, a normal one would displace the low waiter instead.
    expect(b.rejectNow({ priority: 'low' })).toMatchObject({ reason: 'full', dependency: 'db' });
    expect(b.rejectNow({ priority: 'normal' })).toBeUndefined();
    expect(low.state).toBe('pending'); // nobody was displaced by the check
    expect(rejections).toEqual(['low:full']);
    gate.resolve();
    await running;
    await flush();
    expect(low.state).toBe('fulfilled');
  });

  it('rejectNow reports a lane at its cap while other lanes still have slots', () => {
    const b = new BulkheadPolicy({ maxConcurrent: 2, maxQueue: 0, laneShares: { low: 0.5 } });
    void b.execute(() => new Promise(() => undefined), undefined, { priority: 'low' });
    expect(b.rejectNow({ priority: 'low' })).toMatchObject({ reason: 'lane-cap' });
    expect(b.rejectNow({ priority: 'critical' })).toBeUndefined();
  });

  it('removes a waiter whose signal aborts', async () => {
    const b = new BulkheadPolicy({ maxConcurrent: 1, maxQueue: 5 });
    const gate = deferred();
    const running = b.execute(() => gate.promise);
    const ac = new AbortController();
    const waiting = b.execute(async () => 1, ac.signal);
    ac.abort();
    expect(isTaskCancelledError(await waiting.catch((e: unknown) => e))).toBe(true);
    expect(b.queued).toBe(0);
    gate.resolve();
    await running;
  });

  it('releases the slot when the function throws', async () => {
    const b = new BulkheadPolicy({ maxConcurrent: 1 });
    await expect(b.execute(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(b.active).toBe(0);
    await expect(b.execute(async () => 2)).resolves.toBe(2);
  });

  it('admits queued calls at once when maxConcurrent is raised at runtime', async () => {
    const b = new BulkheadPolicy({ maxConcurrent: 1, maxQueue: 5 });
    const gate = deferred();
    const running = b.execute(() => gate.promise);
    const waiting = track(b.execute(async () => 'w'));
    b.update({ maxConcurrent: 2 });
    await flush();
    expect(waiting.state).toBe('fulfilled');
    gate.resolve();
    await running;
  });

  it('emits a rejection event only to listeners', async () => {
    const b = new BulkheadPolicy({ maxConcurrent: 1 });
    const events: unknown[] = [];
    b.onReject((e) => events.push(e));
    const gate = deferred();
    const running = b.execute(() => gate.promise);
    await b.execute(async () => 1).catch(() => undefined);
    expect(events).toEqual([{ reason: 'full', priority: 'normal', active: 1, queued: 0, max: 1 }]);
    gate.resolve();
    await running;
  });
});
