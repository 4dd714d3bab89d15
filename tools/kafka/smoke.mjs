#!/usr/bin/env node
// Self-check for tools/kafka + kafkajs compatibility with the pinned broker:
// starts a throw-away broker in a temp dir on spare ports, creates topics with the kafkajs admin
// (twice: idempotent), produces and consumes in a consumer group, runs a request-reply round trip
// through two topics (each side in its own consumer group), stops the broker. Exit 0 = all good.
//
//   node tools/kafka/smoke.mjs [--port 19192] [--controller-port 19193] [--keep]
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

import { createTopics, kafkaVersion, loadKafkajs, REPO_ROOT, startKafka, stopKafka } from './kafka.mjs';

const argv = process.argv.slice(2);
const arg = (name, def) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : def;
};
const port = Number(arg('--port', 19192));
const controllerPort = Number(arg('--controller-port', 19193));
const keep = argv.includes('--keep');
const log = (m) => console.log(`[smoke] ${m}`);
const t = () => Date.now();

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timeout after ${ms}ms: ${what}`)), ms);
    }),
  ]);
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-smoke-'));
  const results = [];
  const step = async (name, fn) => {
    const t0 = t();
    try {
      const extra = await fn();
      results.push({ name, ok: true, ms: t() - t0 });
      log(`PASS ${name} (${t() - t0}ms)${extra ? ` ${extra}` : ''}`);
    } catch (e) {
      results.push({ name, ok: false, ms: t() - t0, error: e.message });
      log(`FAIL ${name}: ${e.stack || e.message}`);
      throw e;
    }
  };
  let started = null;
  const clients = [];
  try {
    loadKafkajs(); // clear message if kafkajs is not installed
    const kafkajsVersion = createRequire(path.join(REPO_ROOT, 'package.json'))('kafkajs/package.json').version;
    log(`Apache Kafka ${kafkaVersion()} (tools/kafka/pom.xml) × kafkajs ${kafkajsVersion}, data ${dataDir}`);

    await step('start broker', async () => {
      started = await startKafka({ port, controllerPort, dataDir, log });
      return `pid ${started.pid}, ${started.brokers}`;
    });
    await step('start again reuses the running broker', async () => {
      const again = await startKafka({ port, controllerPort, dataDir, log });
      if (!again.alreadyRunning || again.pid !== started.pid) throw new Error('did not reuse the running broker');
    });

    const { Kafka, logLevel, Partitioners } = loadKafkajs();
    const kafka = new Kafka({ clientId: 'kafka-smoke', brokers: [started.brokers], logLevel: logLevel.ERROR });
    const topics = [
      { topic: 'smoke.events', numPartitions: 3 },
      { topic: 'smoke.requests', numPartitions: 2 },
      { topic: 'smoke.replies', numPartitions: 1 },
    ];

    await step('admin createTopics (idempotent, 2 runs)', async () => {
      const a = await createTopics({ brokers: started.brokers, topics, log });
      const b = await createTopics({ brokers: started.brokers, topics, log });
      if (a.created.length !== 3 || b.created.length !== 0) throw new Error(`created ${a.created} then ${b.created}`);
      const admin = kafka.admin();
      await admin.connect();
      try {
        const meta = await admin.fetchTopicMetadata({ topics: topics.map((x) => x.topic) });
        const counts = Object.fromEntries(meta.topics.map((x) => [x.name, x.partitions.length]));
        for (const x of topics)
          if (counts[x.topic] !== x.numPartitions) throw new Error(`partitions ${JSON.stringify(counts)}`);
        const cluster = await admin.describeCluster();
        return `describeCluster: ${cluster.brokers.length} broker(s), controller ${cluster.controller}, partitions ${JSON.stringify(counts)}`;
      } finally {
        await admin.disconnect();
      }
    });

    await step('auto topic creation is off', async () => {
      const admin = kafka.admin();
      await admin.connect();
      try {
        await admin.fetchTopicMetadata({ topics: ['smoke.nope'] }).then(
          () => {
            throw new Error('smoke.nope exists');
          },
          (e) => {
            if (!/does not host this topic|UNKNOWN_TOPIC/i.test(`${e.message} ${e.type}`)) throw e;
          },
        );
        if ((await admin.listTopics()).includes('smoke.nope')) throw new Error('topic was auto-created');
      } finally {
        await admin.disconnect();
      }
    });

    const producer = kafka.producer({
      createPartitioner: Partitioners.DefaultPartitioner,
      allowAutoTopicCreation: false,
    });
    clients.push(producer);
    await producer.connect();

    await step('produce + consume in a consumer group', async () => {
      const payload = `hello-${randomUUID()}`;
      await producer.send({ topic: 'smoke.events', acks: -1, messages: [{ key: 'k1', value: payload }] });
      const consumer = kafka.consumer({ groupId: `smoke-group-${randomUUID()}` });
      clients.push(consumer);
      const joinStart = t();
      let joinMs = -1;
      consumer.on(consumer.events.GROUP_JOIN, () => {
        joinMs = t() - joinStart;
      });
      await consumer.connect();
      await consumer.subscribe({ topic: 'smoke.events', fromBeginning: true });
      const got = new Promise((resolve) => {
        consumer.run({
          eachMessage: async ({ message, partition }) => {
            if (message.value?.toString() === payload) resolve({ partition, offset: message.offset });
          },
        });
      });
      const m = await withTimeout(got, 30_000, 'consume the produced message');
      // offsets are committed through the group coordinator
      await consumer.commitOffsets([
        { topic: 'smoke.events', partition: m.partition, offset: String(Number(m.offset) + 1) },
      ]);
      await consumer.disconnect();
      return `group join ${joinMs}ms, message at partition ${m.partition} offset ${m.offset}`;
    });

    await step('request-reply through two topics', async () => {
      const N = 20;
      // responder: consumes smoke.requests, answers on smoke.replies with the correlation id
      const responder = kafka.consumer({ groupId: 'smoke-responder' });
      const replier = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
      // requester: consumes smoke.replies in its own group
      const requester = kafka.consumer({ groupId: `smoke-requester-${randomUUID()}` });
      clients.push(responder, replier, requester);
      await Promise.all([responder.connect(), replier.connect(), requester.connect()]);
      await responder.subscribe({ topic: 'smoke.requests', fromBeginning: true });
      await requester.subscribe({ topic: 'smoke.replies', fromBeginning: true });
      const pending = new Map();
      const joined = (c) => new Promise((r) => c.on(c.events.GROUP_JOIN, r));
      const joins = Promise.all([joined(responder), joined(requester)]);
      await responder.run({
        eachMessage: async ({ message }) => {
          const n = Number(message.value.toString());
          await replier.send({
            topic: 'smoke.replies',
            messages: [
              {
                key: message.key,
                value: String(n * 2),
                headers: { 'correlation-id': message.headers['correlation-id'] },
              },
            ],
          });
        },
      });
      await requester.run({
        eachMessage: async ({ message }) => {
          const id = message.headers['correlation-id']?.toString();
          pending.get(id)?.(Number(message.value.toString()));
        },
      });
      await withTimeout(joins, 30_000, 'both consumer groups joined');
      const t0 = t();
      const replies = await withTimeout(
        Promise.all(
          Array.from({ length: N }, (_, i) => {
            const id = randomUUID();
            const p = new Promise((resolve) => pending.set(id, resolve));
            return producer
              .send({
                topic: 'smoke.requests',
                messages: [{ key: `k${i}`, value: String(i), headers: { 'correlation-id': id } }],
              })
              .then(() => p);
          }),
        ),
        30_000,
        `${N} replies`,
      );
      replies.forEach((v, i) => {
        if (v !== i * 2) throw new Error(`reply ${i} = ${v}`);
      });
      const rtt = t() - t0;
      await Promise.all([responder.disconnect(), replier.disconnect(), requester.disconnect()]);
      return `${N} requests answered in ${rtt}ms`;
    });
    await step('two members share a group (rebalance, fleet consumer settings)', async () => {
      // the settings of libs/platform FAST_CONSUMER
      const opts = {
        groupId: `smoke-pair-${randomUUID()}`,
        sessionTimeout: 10_000,
        rebalanceTimeout: 10_000,
        heartbeatInterval: 3_000,
        maxWaitTimeInMs: 3_000,
        allowAutoTopicCreation: false,
      };
      const a = kafka.consumer(opts);
      const b = kafka.consumer(opts);
      clients.push(a, b);
      const assigned = new Map();
      const onJoin = (name) => (e) => {
        assigned.set(name, Object.values(e.payload.memberAssignment).flat().length);
      };
      a.on(a.events.GROUP_JOIN, onJoin('a'));
      b.on(b.events.GROUP_JOIN, onJoin('b'));
      const t0 = t();
      for (const c of [a, b]) {
        await c.connect();
        await c.subscribe({ topic: 'smoke.events', fromBeginning: true });
        await c.run({ eachMessage: async () => {} });
      }
      const deadline = t() + 30_000;
      while (!(assigned.get('a') > 0 && assigned.get('b') > 0 && assigned.get('a') + assigned.get('b') === 3)) {
        if (t() > deadline) throw new Error(`assignment ${JSON.stringify([...assigned])}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      const ms = t() - t0;
      await Promise.all([a.disconnect(), b.disconnect()]);
      return `3 partitions split ${assigned.get('a')}+${assigned.get('b')} after ${ms}ms`;
    });

    await step('admin: offsets, groups, configs, delete topic', async () => {
      const admin = kafka.admin();
      await admin.connect();
      try {
        const offs = await admin.fetchTopicOffsets('smoke.events');
        const groups = (await admin.listGroups()).groups.map((g) => g.groupId);
        const responder = await admin.describeGroups(['smoke-responder']);
        const committed = await admin.fetchOffsets({ groupId: 'smoke-responder', topics: ['smoke.requests'] });
        const cfg = await admin.describeConfigs({
          resources: [{ type: 2, name: 'smoke.events' }],
          includeSynonyms: false,
        });
        await admin.createTopics({ topics: [{ topic: 'smoke.tmp' }] });
        await admin.deleteTopics({ topics: ['smoke.tmp'], timeout: 5000 });
        return (
          `high watermarks ${offs.map((o) => o.high).join('/')}, ${groups.length} groups, responder ${responder.groups[0].state}, ` +
          `committed ${committed[0].partitions.map((p) => p.offset).join('/')}, ${cfg.resources[0].configEntries.length} topic configs`
        );
      } finally {
        await admin.disconnect();
      }
    });

    await step('idempotent + transactional producer, read_committed consumer', async () => {
      const tx = kafka.producer({
        transactionalId: `smoke-tx-${randomUUID()}`,
        idempotent: true,
        maxInFlightRequests: 1,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      clients.push(tx);
      await tx.connect();
      const marker = randomUUID();
      const aborted = await tx.transaction();
      await aborted.send({ topic: 'smoke.replies', messages: [{ value: `aborted-${marker}` }] });
      await aborted.abort();
      const committed = await tx.transaction();
      await committed.send({ topic: 'smoke.replies', messages: [{ value: `committed-${marker}` }] });
      await committed.commit();
      await tx.disconnect();
      const c = kafka.consumer({ groupId: `smoke-rc-${randomUUID()}`, readUncommitted: false });
      clients.push(c);
      const seen = [];
      await c.connect();
      await c.subscribe({ topic: 'smoke.replies', fromBeginning: true });
      const got = new Promise((resolve) => {
        c.run({
          eachMessage: async ({ message }) => {
            const v = message.value.toString();
            if (v.endsWith(marker)) seen.push(v);
            if (v === `committed-${marker}`) resolve();
          },
        });
      });
      await withTimeout(got, 30_000, 'committed transactional message');
      await c.disconnect();
      if (seen.length !== 1) throw new Error(`read_committed saw ${JSON.stringify(seen)}`);
    });

    await producer.disconnect();
  } finally {
    await Promise.allSettled(clients.map((c) => c.disconnect()));
    if (started && !keep) {
      await stopKafka({ dataDir, log });
      fs.rmSync(dataDir, { recursive: true, force: true });
    } else if (started) {
      log(
        `--keep: broker pid ${started.pid} left running; stop with: node tools/kafka/kafka.mjs stop --data-dir ${dataDir}`,
      );
    }
  }
  const ok = results.every((r) => r.ok);
  log(`${ok ? 'OK' : 'FAILED'}: ${results.filter((r) => r.ok).length}/${results.length} checks passed`);
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`[smoke] FAILED: ${e.message}`);
    process.exit(1);
  },
);
