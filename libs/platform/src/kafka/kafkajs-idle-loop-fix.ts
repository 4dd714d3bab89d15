/**
 * Stops kafkajs 2.2.4's idle timer loop (tulios/kafkajs#1556, #1604, #1704; unfixed upstream).
 *
 * Every broker connection's request queue reschedules `checkPendingRequests` after each check,
 * and with nothing pending and no throttling the delay it computes is negative, i.e. 1 ms: each
 * connection of each client spins a timer a thousand times a second for the life of the process.
 * In our profiles that loop was the single largest kafkajs cost of an idle app. The replacement
 * below is upstream's method with the loop cut: with nothing pending and no throttle there is
 * nothing to check later (a request that has to wait is pushed to `pending`, which schedules a
 * check; a fulfilled request checks the queue itself), so no timer is set.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const RequestQueue = require('kafkajs/src/network/requestQueue') as {
  prototype: {
    throttledUntil: number;
    pending: unknown[];
    throttleCheckTimeoutId: NodeJS.Timeout | null;
    checkPendingRequests(): void;
    scheduleCheckPendingRequests(): void;
  };
};

/** kafkajs' own interval for re-checking a queue with pending requests. */
const CHECK_PENDING_REQUESTS_INTERVAL = 10;

RequestQueue.prototype.scheduleCheckPendingRequests = function scheduleCheckPendingRequests(): void {
  if (this.throttleCheckTimeoutId) return;
  let scheduleAt = this.throttledUntil - Date.now();
  if (this.pending.length > 0) scheduleAt = scheduleAt > 0 ? scheduleAt : CHECK_PENDING_REQUESTS_INTERVAL;
  else if (scheduleAt <= 0) return; // nothing waits and nothing throttles: no check to schedule
  this.throttleCheckTimeoutId = setTimeout(() => {
    this.throttleCheckTimeoutId = null;
    this.checkPendingRequests();
  }, scheduleAt);
};

export const KAFKAJS_IDLE_LOOP_FIXED = true;
