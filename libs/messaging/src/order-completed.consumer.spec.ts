import { Logger } from '@nestjs/common';
import { anOrderCompletedEvent } from '@shop/contracts/testing';

import { consumeOrderCompleted } from './order-completed.consumer';
import { OutboxRelay } from './outbox.relay';

describe('consumeOrderCompleted', () => {
  const relay = { kick: jest.fn(), publishNow: jest.fn().mockResolvedValue(undefined) };
  const logger = { warn: jest.fn(), error: jest.fn() } as unknown as Logger;

  beforeEach(() => jest.clearAllMocks());
  afterEach(() => jest.restoreAllMocks());

  it('hands a valid event to the work, checked and typed', async () => {
    const work = jest.fn().mockResolvedValue(undefined);
    const payload = JSON.parse(JSON.stringify(anOrderCompletedEvent({ orderId: 'o-9' })));
    await expect(
      consumeOrderCompleted('notifications', payload, relay as unknown as OutboxRelay, logger, work),
    ).resolves.toBe('handled');
    expect(work).toHaveBeenCalledWith(anOrderCompletedEvent({ orderId: 'o-9' }));
    expect(relay.publishNow).not.toHaveBeenCalled();
  });

  it('leaves a malformed event out, naming its problems, without running the work', async () => {
    const work = jest.fn();
    await expect(
      consumeOrderCompleted(
        'notifications',
        { orderId: 'o-9', lines: 'all' },
        relay as unknown as OutboxRelay,
        logger,
        work,
      ),
    ).resolves.toBe('invalid');
    expect(work).not.toHaveBeenCalled();
    expect(logger.warn).toHaveBeenCalledWith(
      expect.objectContaining({
        msg: 'malformed orders.completed left out',
        problems: expect.arrayContaining(['version must be 1']),
      }),
    );
  });

  it('dead-letters an event whose work keeps failing, keyed by its event id and order', async () => {
    jest.spyOn(Math, 'random').mockReturnValue(0); // no backoff wait
    const payload = anOrderCompletedEvent({ orderId: 'o-7' });
    await consumeOrderCompleted('notifications', payload, relay as unknown as OutboxRelay, logger, () =>
      Promise.reject(new Error('database down')),
    );
    expect(relay.publishNow).toHaveBeenCalledWith(
      expect.objectContaining({
        key: 'o-7',
        payload: expect.objectContaining({
          id: 'notifications:order-completed/o-7',
          originalTopic: 'orders.completed',
          payload,
        }),
      }),
    );
  });
});
