// One-shot topic creation for containers (docker compose `kafka-init`, the k8s Job), where the
// fleet CLI does not run: creates every topic of the contract, idempotently, then exits.
import { TOPICS } from '@shop/contracts';
import { Kafka, logLevel } from 'kafkajs';

async function createTopics(): Promise<void> {
  const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);
  if (brokers.length === 0) throw new Error('KAFKA_BROKERS is required (comma-separated host:port list)');
  const admin = new Kafka({
    clientId: 'create-topics',
    brokers,
    logLevel: logLevel.WARN,
    retry: { retries: 10 },
  }).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = TOPICS.filter((t) => !existing.has(t.topic));
    if (missing.length > 0) {
      await admin.createTopics({ waitForLeaders: true, topics: missing.map((t) => ({ ...t, replicationFactor: 1 })) });
    }
    console.log(JSON.stringify({ msg: 'topics ready', created: missing.map((t) => t.topic), total: TOPICS.length }));
  } finally {
    await admin.disconnect();
  }
}

createTopics().catch((error: Error) => {
  console.error(JSON.stringify({ msg: 'topic creation failed', error: error.message }));
  process.exit(1);
});
