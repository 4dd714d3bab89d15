// Creating the fleet's topics on a running broker, with kafkajs: the one part of tools/kafka that
// needs `npm install`, so kafkajs is loaded only when topics are created.
import { createRequire } from 'node:module';
import path from 'node:path';

import { logToConsole, REPO_ROOT } from './layout.mjs';

/** kafkajs, resolved from the repo root (lazily: only topic creation needs it). */
export function loadKafkajs() {
  const req = createRequire(path.join(REPO_ROOT, 'package.json'));
  try {
    return req('kafkajs');
  } catch (e) {
    throw new Error(
      `tools/kafka: createTopics needs kafkajs (run \`npm install\` at the repo root first): ${e.message}`,
    );
  }
}

/**
 * Idempotently create topics (existing ones are fine; a topic with fewer partitions than asked is grown).
 * @param {{ brokers: string | string[], topics: Array<{ topic: string, numPartitions?: number }>,
 *           log?: (msg: string) => void, replicationFactor?: number }} opts
 * @returns {Promise<{ created: string[], existing: string[] }>}
 */
export async function createTopics({ brokers, topics, log = logToConsole, replicationFactor = 1 }) {
  const { Kafka, logLevel } = loadKafkajs();
  const kafka = new Kafka({
    clientId: 'tools-kafka-admin',
    brokers: Array.isArray(brokers)
      ? brokers
      : String(brokers)
          .split(',')
          .map((b) => b.trim())
          .filter(Boolean),
    logLevel: logLevel.ERROR,
    retry: { retries: 8, initialRetryTime: 100 },
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const have = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !have.has(t.topic));
    const existing = topics.filter((t) => have.has(t.topic)).map((t) => t.topic);
    if (missing.length) {
      try {
        await admin.createTopics({
          waitForLeaders: true,
          topics: missing.map((t) => ({ topic: t.topic, numPartitions: t.numPartitions ?? 1, replicationFactor })),
        });
      } catch (e) {
        // a concurrent creator is fine; anything else is not
        const errs = e.errors ?? [e];
        if (!errs.every((x) => x.type === 'TOPIC_ALREADY_EXISTS')) throw e;
      }
    }
    if (existing.length) {
      const meta = await admin.fetchTopicMetadata({ topics: existing });
      const grow = [];
      for (const t of meta.topics) {
        const want = topics.find((x) => x.topic === t.name)?.numPartitions ?? 1;
        if (t.partitions.length < want) grow.push({ topic: t.name, count: want });
      }
      if (grow.length) {
        log(`growing partitions: ${grow.map((g) => `${g.topic}→${g.count}`).join(', ')}`);
        await admin.createPartitions({ topicPartitions: grow });
      }
    }
    log(
      `topics ready: ${topics.map((t) => `${t.topic}(${t.numPartitions ?? 1})`).join(', ')}${missing.length ? ` — created ${missing.length}` : ''}`,
    );
    return { created: missing.map((t) => t.topic), existing };
  } finally {
    await admin.disconnect();
  }
}
