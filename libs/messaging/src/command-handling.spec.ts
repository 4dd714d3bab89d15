import { Logger } from '@nestjs/common';

import { handleCommandWithRetries, handleMessageWithRetries, MessageNotAppliedError } from './command-handling';
import { OutboxRelay } from './outbox.relay';

describe('handleMessageWithRetries', () => {
  let relay: { kick: jest.Mock; publishNow: jest.Mock };
  const logger = { warn: jest.fn(), error: jest.fn() } as unknown as Logger;
  const message = { messageId: 'order-completed/o-1', key: 'o-1', payload: { orderId: 'o-1' } };

  beforeEach(() => {
    relay = { kick: jest.fn(), publishNow: jest.fn().mockResolvedValue(undefined) };
    jest.spyOn(Math, 'random').mockReturnValue(0); // no backoff wait
  });
  afterEach(() => jest.restoreAllMocks());

  it('retries a failing message and stops at the first success, without a dead letter', async () => {
    const work = jest.fn().mockRejectedValueOnce(new Error('deadlock')).mockResolvedValueOnce(undefined);
    await handleMessageWithRetries(
      'ml-advisor',
      'orders.completed',
      message,
      relay as unknown as OutboxRelay,
      logger,
      work,
    );
    expect(work).toHaveBeenCalledTimes(2);
    expect(relay.kick).toHaveBeenCalledTimes(1);
    expect(relay.publishNow).not.toHaveBeenCalled();
  });

  it('dead-letters a message that fails every attempt, with its key and payload, and does not throw', async () => {
    const work = jest.fn().mockRejectedValue(new Error('database down'));
    await expect(
      handleMessageWithRetries(
        'ml-advisor',
        'orders.completed',
        message,
        relay as unknown as OutboxRelay,
        logger,
        work,
      ),
    ).resolves.toBeUndefined();
    expect(work).toHaveBeenCalledTimes(4);
    expect(relay.publishNow).toHaveBeenCalledWith({
      topic: 'saga.dead-letters',
      key: 'o-1',
      payload: expect.objectContaining({
        id: 'ml-advisor:order-completed/o-1',
        service: 'ml-advisor',
        originalTopic: 'orders.completed',
        originalKey: 'o-1',
        payload: { orderId: 'o-1' },
        error: 'database down',
        attempts: 4,
      }),
    });
  });

  it('has a message delivered again, not dead-lettered, while its database is unreachable', async () => {
    const unreachable = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3306'), { code: 'ECONNREFUSED' });
    const work = jest.fn().mockRejectedValue(unreachable);
    await expect(
      handleMessageWithRetries(
        'inventory',
        'saga.inventory.commands',
        message,
        relay as unknown as OutboxRelay,
        logger,
        work,
      ),
    ).rejects.toBeInstanceOf(MessageNotAppliedError);
    expect(work).toHaveBeenCalledTimes(4);
    expect(relay.publishNow).not.toHaveBeenCalled();
  });

  it('has a message delivered again when its dead letter cannot be published', async () => {
    relay.publishNow.mockRejectedValue(new Error('broker unreachable'));
    const work = jest.fn().mockRejectedValue(new Error('constraint violated'));
    await expect(
      handleMessageWithRetries(
        'inventory',
        'saga.inventory.commands',
        message,
        relay as unknown as OutboxRelay,
        logger,
        work,
      ),
    ).rejects.toThrow(/dead letter not published: broker unreachable/);
    expect(relay.publishNow).toHaveBeenCalledTimes(1);
  });

  it('keeps a saga command on its saga id when dead-lettered', async () => {
    const command = {
      version: 1 as const,
      messageId: 's-1/2/a',
      sagaId: 's-1',
      orderId: 'o-1',
      step: 2,
      action: 'RESERVE_STOCK' as const,
      attempt: 1,
      sentAt: '',
      payload: {},
    };
    await handleCommandWithRetries(
      'inventory',
      'saga.inventory.commands',
      command,
      relay as unknown as OutboxRelay,
      logger,
      () => Promise.reject(new Error('x')),
    );
    expect(relay.publishNow.mock.calls[0][0]).toMatchObject({
      key: 's-1',
      payload: { id: 'inventory:s-1/2/a', originalKey: 's-1', payload: command },
    });
  });
});
