import { randomUUID } from 'node:crypto';

import { KAFKA_MESSAGE_MAX_BYTES, MESSAGE_CONTRACTS, TOPICS } from '@shop/contracts';
import { Admin, AssignerProtocol, Consumer, Kafka, Message, Producer } from 'kafkajs';

import { eventually, fleet, urlOf } from '../support/fleet';

jest.setTimeout(180_000);

/**
 * Poison on every topic of the contract (TOPICS, so a new topic is covered without a new case):
 * each kind of bad message is refused by every consumer of the topic, lands in the dead letters
 * with its reason, and the consumer goes on to the valid message sent after it on the same
 * partition. Against the fleet's real broker, produced with kafkajs as a broken producer would.
 */

/**
 * Topics of TOPICS this suite leaves out, each with the reason. None: every topic of the fleet has
 * a consumer that checks its contract.
 */
const EXCLUDED = new Map<string, string>();

interface Poison {
  kind: string;
  value: Buffer;
  reason: RegExp;
}

function poisonsFor(topic: string): Poison[] {
  const contract = MESSAGE_CONTRACTS.get(topic);
  if (!contract) throw new Error(`${topic} has no contract in libs/contracts`);
  const example = contract.example() as Record<string, unknown>;
  return [
    { kind: 'not JSON', value: Buffer.from('{"half": tru'), reason: /^NOT_JSON: / },
    { kind: 'not UTF-8', value: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), reason: /^NOT_JSON: / },
    { kind: 'a wrong shape', value: Buffer.from('[{"surprise": true}]'), reason: /^(INVALID_SHAPE|UNKNOWN_VERSION): / },
    {
      kind: 'huge',
      value: Buffer.from(JSON.stringify({ ...example, pad: 'x'.repeat(KAFKA_MESSAGE_MAX_BYTES) })),
      reason: /^TOO_LARGE: /,
    },
    {
      kind: 'an unknown version',
      value: Buffer.from(JSON.stringify({ ...example, version: 999 })),
      // An unversioned contract (a request) is closed: the stray `version` is a wrong shape.
      reason: contract.version === undefined ? /^INVALID_SHAPE: .*version/ : /^UNKNOWN_VERSION: version 999/,
    },
  ];
}

interface DeadLetter {
  id: string;
  service: string;
  originalTopic: string;
  error: string;
}

async function deadLetters(): Promise<DeadLetter[]> {
  const response = await fetch(urlOf('gateway', '/api/admin/dead-letters'), {
    headers: { 'x-admin-key': fleet().adminApiKey },
  });
  if (response.status !== 200) throw new Error(`dead letters answered ${response.status}`);
  return (await response.json()) as DeadLetter[];
}

/** The consumer groups the broker has assigned each topic to, from the groups' member assignments. */
async function consumerGroupsByTopic(admin: Admin): Promise<Map<string, Set<string>>> {
  const { groups } = await admin.listGroups();
  const described = await admin.describeGroups(groups.map((g) => g.groupId));
  const byTopic = new Map<string, Set<string>>();
  for (const group of described.groups) {
    // Only the fleet's consumers; not this suite's own reply reader, nor another suite's leftovers.
    if (group.state !== 'Stable' || group.groupId.startsWith('e2e-')) continue;
    for (const member of group.members) {
      const decoded = AssignerProtocol.MemberAssignment.decode(member.memberAssignment);
      for (const topic of Object.keys(decoded?.assignment ?? {})) {
        if (!byTopic.has(topic)) byTopic.set(topic, new Set());
        byTopic.get(topic)!.add(group.groupId);
      }
    }
  }
  return byTopic;
}

/** Nest names a consumer's group after its client id plus `-server` (`-client` for the gateway's replies). */
const consumerOf = (groupId: string): string => groupId.replace(/-(server|client)$/, '');

async function committedOffset(admin: Admin, groupId: string, topic: string, partition: number): Promise<number> {
  const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
  const entry = offsets.partitions.find((p) => p.partition === partition);
  return Number(entry?.offset ?? -1);
}

interface Sent {
  topic: string;
  groups: string[];
  poisons: (Poison & { offset: number; correlationId: string })[];
  valid: { offset: number; correlationId: string; value: unknown };
  requestReply: boolean;
}

describe('poison Kafka messages', () => {
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  let replies: Consumer;
  const answers = new Map<string, unknown>();
  const sent: Sent[] = [];

  beforeAll(async () => {
    kafka = new Kafka({ clientId: 'e2e-poison', brokers: fleet().kafkaBrokers.split(','), logLevel: 1 });
    admin = kafka.admin();
    producer = kafka.producer({ allowAutoTopicCreation: false });
    // Reads every answer to a request of this suite, beside the gateway (its own group).
    replies = kafka.consumer({ groupId: `e2e-poison-${randomUUID()}`, maxWaitTimeInMs: 200 });
    await Promise.all([admin.connect(), producer.connect(), replies.connect()]);
    await replies.subscribe({ topics: ['gateway.replies'], fromBeginning: true });
    await replies.run({
      eachMessage: async ({ message }) => {
        const id = message.headers?.kafka_correlationId?.toString();
        // The topic also carries this suite's own poison: kept raw, never thrown on.
        if (!id) return;
        try {
          answers.set(id, message.value ? JSON.parse(message.value.toString()) : null);
        } catch {
          answers.set(id, message.value?.toString());
        }
      },
    });

    const groups = await eventually('every topic to be assigned to its consumers', async () => {
      const byTopic = await consumerGroupsByTopic(admin);
      const unassigned = TOPICS.filter((t) => !EXCLUDED.has(t.topic) && !byTopic.has(t.topic));
      return unassigned.length === 0 ? byTopic : undefined;
    });

    for (const { topic, requestReply } of TOPICS) {
      if (EXCLUDED.has(topic)) continue;
      const poisons = poisonsFor(topic);
      const correlationIds = [...poisons, 'valid'].map(() => randomUUID());
      const headers = (i: number) =>
        requestReply
          ? { kafka_correlationId: correlationIds[i], kafka_replyTopic: 'gateway.replies', kafka_replyPartition: '0' }
          : { kafka_correlationId: correlationIds[i] };
      const example = MESSAGE_CONTRACTS.get(topic)!.example();
      const valid = Buffer.from(JSON.stringify(example));
      // One partition, in this order: the valid message is read only after every poison before it.
      const messages: Message[] = [...poisons.map((p) => p.value), valid].map((value, i) => ({
        key: 'e2e-poison',
        value,
        partition: 0,
        headers: headers(i),
      }));
      const [{ baseOffset }] = await producer.send({ topic, messages });
      const first = Number(baseOffset);
      sent.push({
        topic,
        groups: [...groups.get(topic)!],
        requestReply: requestReply === true,
        poisons: poisons.map((p, i) => ({ ...p, offset: first + i, correlationId: correlationIds[i] })),
        valid: { offset: first + poisons.length, correlationId: correlationIds[poisons.length], value: example },
      });
    }
  });

  afterAll(async () => {
    await Promise.allSettled([replies?.disconnect(), producer?.disconnect(), admin?.disconnect()]);
  });

  it('covers every topic of the contract, or says why not', () => {
    for (const [topic, reason] of EXCLUDED)
      expect({ topic, reason: reason.length > 0 }).toEqual({ topic, reason: true });
    expect(sent.map((s) => s.topic).sort()).toEqual(
      TOPICS.map((t) => t.topic)
        .filter((t) => !EXCLUDED.has(t))
        .sort(),
    );
  });

  it('every consumer dead-letters each poison message with its reason', async () => {
    const expected = sent.flatMap((s) =>
      s.groups.flatMap((group) =>
        s.poisons.map((p) => ({
          prefix: `poison:${consumerOf(group)}:${s.topic}/0@${p.offset}:`,
          topic: s.topic,
          group,
          p,
        })),
      ),
    );
    const found = await eventually(
      `${expected.length} dead letters of poison`,
      async () => {
        const letters = await deadLetters();
        const matched = expected.map((e) => ({ ...e, letter: letters.find((l) => l.id.startsWith(e.prefix)) }));
        const missing = matched.filter((m) => !m.letter).map((m) => m.prefix);
        if (missing.length > 0) throw new Error(`${missing.length} missing, e.g. ${missing.slice(0, 5).join(', ')}`);
        return matched;
      },
      60_000,
    );
    for (const { topic, group, p, letter } of found) {
      expect({ topic, group, kind: p.kind, service: letter!.service, originalTopic: letter!.originalTopic }).toEqual({
        topic,
        group,
        kind: p.kind,
        service: consumerOf(group),
        originalTopic: topic,
      });
      expect({ topic, kind: p.kind, error: letter!.error }).toEqual({
        topic,
        kind: p.kind,
        error: expect.stringMatching(p.reason),
      });
    }
  });

  it('every consumer goes on: the valid message after the poison is handled, not dead-lettered', async () => {
    for (const s of sent) {
      for (const group of s.groups) {
        await eventually(`${group} to handle the valid message at ${s.topic}/0@${s.valid.offset}`, async () =>
          (await committedOffset(admin, group, s.topic, 0)) > s.valid.offset ? true : undefined,
        );
      }
    }
    const letters = await deadLetters();
    const validLetters = sent.flatMap((s) =>
      letters.filter((l) => l.originalTopic === s.topic && l.id.includes(`/0@${s.valid.offset}:`)),
    );
    expect(validLetters).toEqual([]);
  });

  it('a refused request is answered INVALID_MESSAGE; the valid request after it gets its real answer', async () => {
    const requests = sent.filter((s) => s.requestReply);
    expect(requests.length).toBeGreaterThan(0);
    await eventually(
      'an answer to every request',
      async () => {
        const missing = requests.flatMap((s) =>
          [...s.poisons, s.valid].filter((m) => !answers.has(m.correlationId)).map(() => s.topic),
        );
        if (missing.length > 0) throw new Error(`${missing.length} unanswered, on ${[...new Set(missing)].join(', ')}`);
        return true;
      },
      60_000,
    );
    for (const s of requests) {
      for (const p of s.poisons)
        expect({ topic: s.topic, kind: p.kind, answer: answers.get(p.correlationId) }).toEqual({
          topic: s.topic,
          kind: p.kind,
          answer: { ok: false, error: { code: 'INVALID_MESSAGE', message: expect.stringMatching(p.reason) } },
        });
      const answer = answers.get(s.valid.correlationId) as { ok?: boolean; error?: { code: string }; name?: string };
      expect({ topic: s.topic, code: answer.error?.code }).not.toEqual({ topic: s.topic, code: 'INVALID_MESSAGE' });
    }
  });

  it('a valid dead letter sent after poison on saga.dead-letters is stored', async () => {
    const s = sent.find((x) => x.topic === 'saga.dead-letters');
    const { id } = s!.valid.value as { id: string };
    await eventually(`the valid dead letter ${id} to be stored`, async () =>
      (await deadLetters()).some((l) => l.id === id) ? true : undefined,
    );
  });
});
