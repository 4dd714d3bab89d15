import type { EachMessagePayload } from 'kafkajs';

import { PeriodicOffsetCommitter } from './periodic-offset-committer';

describe('PeriodicOffsetCommitter', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const setUp = () => {
    const commitOffsets = jest.fn().mockResolvedValue(undefined);
    const errors: string[] = [];
    const committer = new PeriodicOffsetCommitter((e) => errors.push(e.message), 1_000);
    committer.start({ commitOffsets });
    return { committer, commitOffsets, errors };
  };

  it('commits, once an interval, the offset after the last message handled per partition', async () => {
    const { committer, commitOffsets } = setUp();
    committer.handled('orders.get', 0, '41');
    committer.handled('orders.get', 0, '42');
    committer.handled('saga.replies', 2, '9');
    expect(commitOffsets).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(1_000);
    expect(commitOffsets).toHaveBeenCalledTimes(1);
    expect(commitOffsets).toHaveBeenCalledWith([
      { topic: 'orders.get', partition: 0, offset: '43' },
      { topic: 'saga.replies', partition: 2, offset: '10' },
    ]);
    await jest.advanceTimersByTimeAsync(3_000);
    expect(commitOffsets).toHaveBeenCalledTimes(1); // nothing new, nothing sent
  });

  it('keeps offsets whose commit failed for the next interval, unless a newer one came', async () => {
    const { committer, commitOffsets, errors } = setUp();
    commitOffsets.mockRejectedValueOnce(new Error('REBALANCE_IN_PROGRESS'));
    committer.handled('t', 0, '5');
    committer.handled('t', 1, '7');
    const failing = jest.advanceTimersByTimeAsync(1_000);
    committer.handled('t', 1, '8'); // arrives while the commit is on its way
    await failing;
    expect(errors).toEqual(['REBALANCE_IN_PROGRESS']);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(commitOffsets).toHaveBeenLastCalledWith(
      expect.arrayContaining([
        { topic: 't', partition: 0, offset: '6' },
        { topic: 't', partition: 1, offset: '9' },
      ]),
    );
  });

  it('drops what it holds on a rebalance, including a failed commit from before it', async () => {
    const { committer, commitOffsets } = setUp();
    let rejectCommit: (e: Error) => void = () => undefined;
    commitOffsets.mockImplementationOnce(() => new Promise((_, reject) => (rejectCommit = reject)));
    committer.handled('t', 0, '5');
    await jest.advanceTimersByTimeAsync(1_000);
    committer.forget(); // the group rebalanced while the commit was on its way
    rejectCommit(new Error('ILLEGAL_GENERATION'));
    await jest.advanceTimersByTimeAsync(2_000);
    expect(commitOffsets).toHaveBeenCalledTimes(1);
  });

  it('commits what is left when it stops, then no more', async () => {
    const { committer, commitOffsets } = setUp();
    committer.handled('t', 0, '99');
    await committer.stop();
    expect(commitOffsets).toHaveBeenCalledWith([{ topic: 't', partition: 0, offset: '100' }]);
    committer.handled('t', 0, '100');
    await jest.advanceTimersByTimeAsync(5_000);
    expect(commitOffsets).toHaveBeenCalledTimes(1);
  });

  it('handles offsets beyond 2^53', async () => {
    const { committer, commitOffsets } = setUp();
    committer.handled('t', 0, '9007199254740993');
    await committer.stop();
    expect(commitOffsets).toHaveBeenCalledWith([{ topic: 't', partition: 0, offset: '9007199254740994' }]);
  });

  it('track() records the messages its handler handled, not the ones it threw on', async () => {
    const { committer, commitOffsets } = setUp();
    const handle = committer.track(async (payload: EachMessagePayload) => {
      if (payload.message.offset === '8') throw new Error('poison');
      return 'ok';
    });
    const message = (offset: string) =>
      ({ topic: 't', partition: 0, message: { offset } }) as unknown as EachMessagePayload;
    await expect(handle(message('7'))).resolves.toBe('ok');
    await expect(handle(message('8'))).rejects.toThrow('poison');
    await committer.stop();
    expect(commitOffsets).toHaveBeenCalledWith([{ topic: 't', partition: 0, offset: '8' }]);
  });

  it('attach() starts committing and forgets what is pending when the group rebalances', async () => {
    const listeners = new Map<string, () => void>();
    const consumer = {
      commitOffsets: jest.fn().mockResolvedValue(undefined),
      events: { GROUP_JOIN: 'consumer.group_join' },
      on: (event: string, listener: () => void) => listeners.set(event, listener),
    };
    const committer = new PeriodicOffsetCommitter(() => undefined, 1_000);
    committer.attach(consumer as unknown as Parameters<PeriodicOffsetCommitter['attach']>[0]);
    committer.handled('t', 0, '1');
    listeners.get('consumer.group_join')!();
    await jest.advanceTimersByTimeAsync(1_000);
    expect(consumer.commitOffsets).not.toHaveBeenCalled();
    committer.handled('t', 0, '2');
    await jest.advanceTimersByTimeAsync(1_000);
    expect(consumer.commitOffsets).toHaveBeenCalledWith([{ topic: 't', partition: 0, offset: '3' }]);
    await committer.stop();
  });
});
