import {
  KAFKA_MESSAGE_MAX_BYTES,
  MESSAGE_CONTRACTS,
  SAGA_CONTRACT_VERSION,
  SAGA_TOPIC,
  SagaCommand,
  TOPICS,
} from '@shop/contracts';
import type { EachMessagePayload } from 'kafkajs';

import { guardAgainstPoison, inspectKafkaMessage, poisonDeadLetter } from './poison-guard';

const bytes = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));

function payloadOf(topic: string, value: Buffer | null): EachMessagePayload {
  return {
    topic,
    partition: 1,
    message: { key: Buffer.from('k'), value, offset: '42', timestamp: '1700000000000', headers: {} },
  } as unknown as EachMessagePayload;
}

/** The four kinds of poison the edge refuses, with the reason each gets. */
function poisonsFor(topic: string): [string, Buffer, RegExp][] {
  const contract = MESSAGE_CONTRACTS.get(topic)!;
  const example = contract.example() as Record<string, unknown>;
  return [
    ['not JSON', bytes('{"half": '), /^NOT_JSON/],
    ['invalid UTF-8', Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), /^NOT_JSON/],
    ['a wrong shape', bytes([1, 2, 3]), /^(UNKNOWN_VERSION|INVALID_SHAPE)/],
    ['too large', bytes({ ...example, pad: 'x'.repeat(KAFKA_MESSAGE_MAX_BYTES) }), /^TOO_LARGE/],
    [
      'an unknown version',
      bytes({ ...example, version: 999 }),
      contract.version === undefined ? /^INVALID_SHAPE: .*version/ : /^UNKNOWN_VERSION/,
    ],
  ];
}

const verdictOf = (topic: string, value: Buffer) => {
  const verdict = inspectKafkaMessage(topic, value);
  return verdict.ok ? 'accepted' : `${verdict.reason}: ${verdict.detail}`;
};

describe('Kafka message contracts at the consumer edge', () => {
  const topics = TOPICS.map((t) => t.topic);

  it.each(topics)('%s has a contract whose example it accepts', (topic) => {
    expect(MESSAGE_CONTRACTS.has(topic)).toBe(true);
    expect(verdictOf(topic, bytes(MESSAGE_CONTRACTS.get(topic)!.example()))).toBe('accepted');
  });

  it.each(topics)('%s refuses each kind of poison with its reason', (topic) => {
    for (const [, value, reason] of poisonsFor(topic)) expect(verdictOf(topic, value)).toMatch(reason);
  });

  it('names the field of a wrong shape', () => {
    const command = MESSAGE_CONTRACTS.get(SAGA_TOPIC.inventoryCommands)!.example() as Record<string, unknown>;
    expect(verdictOf(SAGA_TOPIC.inventoryCommands, bytes({ ...command, step: 'two', action: 'CHARGE_PAYMENT' }))).toBe(
      'INVALID_SHAPE: step must be integer; action must be equal to one of the allowed values',
    );
  });

  it('refuses an empty value, except a reply (Nest sends error and dispose replies without one)', () => {
    expect(verdictOf(SAGA_TOPIC.replies, Buffer.alloc(0))).toBe('NOT_JSON: the message has no value');
    expect(inspectKafkaMessage('gateway.replies', null)).toEqual({ ok: true });
  });

  it('refuses a topic without a contract', () => {
    expect(verdictOf('no.such.topic', bytes({}))).toBe('NO_CONTRACT: no contract for topic no.such.topic');
  });

  it('accepts the commands the orchestrator sends, including a re-sent one', () => {
    const command: SagaCommand = {
      version: SAGA_CONTRACT_VERSION,
      messageId: 's-1/2/a',
      sagaId: 's-1',
      orderId: 'o-1',
      step: 2,
      action: 'RESERVE_STOCK',
      attempt: 3,
      sentAt: new Date().toISOString(),
      payload: { lines: [{ sku: 'CAT-TREE-XL', quantity: 1 }], holdMs: 60_000 },
    };
    expect(verdictOf(SAGA_TOPIC.inventoryCommands, bytes(command))).toBe('accepted');
  });
});

describe('poisonDeadLetter', () => {
  it.each(TOPICS.map((t) => t.topic))('a letter for poison on %s is itself a valid dead letter (no loop)', (topic) => {
    for (const [, value] of poisonsFor(topic)) {
      const verdict = inspectKafkaMessage(topic, value);
      if (verdict.ok) throw new Error('poison accepted');
      const letter = poisonDeadLetter('orders-reports', payloadOf(topic, value), verdict);
      expect(verdictOf(SAGA_TOPIC.deadLetters, bytes(letter))).toBe('accepted');
    }
  });

  it('names the message by its place in the log and keeps the start of it', () => {
    const letter = poisonDeadLetter('inventory', payloadOf('saga.replies', bytes('x'.repeat(5000))), {
      ok: false,
      reason: 'NOT_JSON',
      detail: 'Unexpected token',
    });
    expect(letter).toMatchObject({
      id: 'poison:inventory:saga.replies/1@42:1700000000000',
      originalKey: 'k',
      error: 'NOT_JSON: Unexpected token',
      payload: { partition: 1, offset: '42', bytes: 5000, start: 'x'.repeat(2048) },
    });
  });
});

describe('guardAgainstPoison', () => {
  function guarded(send: jest.Mock) {
    const handled: string[] = [];
    const handle = guardAgainstPoison(
      async (p: EachMessagePayload) => {
        handled.push(p.message.value!.toString());
        return 'handled';
      },
      { service: 'orders', producer: () => ({ send }), warn: () => undefined },
    );
    return { handle, handled };
  }

  it('hands a valid message to the handler and publishes nothing', async () => {
    const send = jest.fn();
    const { handle, handled } = guarded(send);
    const value = bytes(MESSAGE_CONTRACTS.get(SAGA_TOPIC.replies)!.example());
    await expect(handle(payloadOf(SAGA_TOPIC.replies, value))).resolves.toBe('handled');
    expect(handled).toHaveLength(1);
    expect(send).not.toHaveBeenCalled();
  });

  it('dead-letters a poison message with its reason and goes on', async () => {
    const send = jest.fn().mockResolvedValue([]);
    const { handle, handled } = guarded(send);
    await expect(handle(payloadOf(SAGA_TOPIC.replies, bytes('nope')))).resolves.toBeUndefined();
    expect(handled).toEqual([]);
    const [[{ topic, messages }]] = send.mock.calls as [[{ topic: string; messages: { value: string }[] }]];
    expect(topic).toBe(SAGA_TOPIC.deadLetters);
    expect(JSON.parse(messages[0].value)).toMatchObject({
      service: 'orders',
      originalTopic: SAGA_TOPIC.replies,
      error: expect.stringMatching(/^NOT_JSON: /),
    });
  });

  it('does not count a poison message as handled when its letter cannot be published', async () => {
    const send = jest.fn().mockRejectedValue(new Error('broker down'));
    const { handle } = guarded(send);
    await expect(handle(payloadOf(SAGA_TOPIC.replies, bytes('nope')))).rejects.toThrow('broker down');
  });
});
