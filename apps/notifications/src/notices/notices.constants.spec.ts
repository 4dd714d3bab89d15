import { noticeRetryDelayMs } from './notices.constants';

describe('noticeRetryDelayMs', () => {
  it('grows exponentially and is capped at about five seconds', () => {
    expect(noticeRetryDelayMs(1, () => 1)).toBe(350);
    expect(noticeRetryDelayMs(3, () => 1)).toBe(1_100);
    expect(noticeRetryDelayMs(50, () => 1)).toBe(5_100);
  });

  it('never waits less than 100 ms, even with the smallest jitter', () => {
    expect(noticeRetryDelayMs(10, () => 0)).toBe(100);
  });
});
