import './kafkajs-idle-loop-fix';

const RequestQueue = require('kafkajs/src/network/requestQueue') as { prototype: object };

interface Queue {
  throttledUntil: number;
  pending: unknown[];
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  checkPendingRequests: jest.Mock;
  scheduleCheckPendingRequests(): void;
}

function queue(pending: unknown[], throttledUntil = -1): Queue {
  return Object.assign(Object.create(RequestQueue.prototype) as Queue, {
    throttledUntil,
    pending,
    throttleCheckTimeoutId: null,
    checkPendingRequests: jest.fn(),
  });
}

describe('kafkajs request queue without its idle timer loop', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('schedules no check when nothing is pending and nothing throttles', () => {
    const q = queue([]);
    q.scheduleCheckPendingRequests();
    expect(q.throttleCheckTimeoutId).toBeNull();
    jest.advanceTimersByTime(1_000);
    expect(q.checkPendingRequests).not.toHaveBeenCalled();
  });

  it('checks a queue with a pending request after kafkajs’ 10 ms interval', () => {
    const q = queue([{}]);
    q.scheduleCheckPendingRequests();
    jest.advanceTimersByTime(9);
    expect(q.checkPendingRequests).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(q.checkPendingRequests).toHaveBeenCalledTimes(1);
  });

  it('checks a throttled queue when the throttle ends, even with nothing pending yet', () => {
    const q = queue([], Date.now() + 300);
    q.scheduleCheckPendingRequests();
    jest.advanceTimersByTime(299);
    expect(q.checkPendingRequests).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(q.checkPendingRequests).toHaveBeenCalledTimes(1);
  });
});
