// Every app's Kafka clients are configured here, so the fix is in place before any of them connects.
import './kafkajs-idle-loop-fix';

import { KafkaConfig, logLevel } from 'kafkajs';

export function parseBrokers(list: string): string[] {
  return list
    .split(',')
    .map((broker) => broker.trim())
    .filter(Boolean);
}

/**
 * kafkajs settings shared by every app. Topic auto-creation is off everywhere so that a typo in a
 * topic name fails loudly; retries are short so a missing broker is reported quickly at start-up.
 */
export function kafkaClientConfig(clientId: string, brokers: string): KafkaConfig {
  return {
    clientId,
    brokers: parseBrokers(brokers),
    logLevel: logLevel.WARN,
    connectionTimeout: 3000,
    retry: { initialRetryTime: 200, retries: 8 },
  };
}

/**
 * Consumer settings tuned so that the fleet's consumer groups settle in seconds, not minutes.
 *
 * An idle consumer costs the broker and itself one fetch per `maxWaitTimeInMs` and a heartbeat
 * per `heartbeatInterval` (kafkajs sends heartbeats from the fetch loop, so an idle member beats
 * once per fetch). At 1 s each, the idle fleet (ten groups) burned 12.5–15.0 % of a core, the
 * broker 3.5–4.8 % of it; at 3 s, 9.5–12.6 % and 2.8–3.3 % (docs/performance.md, *Stop 25*). A message
 * is delivered as soon as it arrives either way: the wait only bounds an empty fetch. 3 s keeps
 * three heartbeats in a session timeout and a SIGTERM'd app out of its groups in ~2 s
 * (graceful-shutdown.e2e-spec.ts allows 8).
 */
export const FAST_CONSUMER = {
  sessionTimeout: 10_000,
  rebalanceTimeout: 10_000,
  heartbeatInterval: 3_000,
  maxWaitTimeInMs: 3_000,
  allowAutoTopicCreation: false,
} as const;
