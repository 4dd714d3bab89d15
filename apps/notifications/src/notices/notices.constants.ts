/** Name of the capped, jittered backoff strategy registered on the notice queues. */
export const NOTICE_BACKOFF = 'capped-jitter';

/** Delay before retry `attemptsMade` (1-based): exponential from 250 ms, capped at 5 s, full jitter. */
export function noticeRetryDelayMs(attemptsMade: number, random: () => number = Math.random): number {
  const ceiling = Math.min(5_000, 250 * 2 ** Math.max(0, attemptsMade - 1));
  return Math.round(100 + random() * ceiling);
}
