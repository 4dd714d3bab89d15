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

/** Consumer settings tuned so that the fleet's consumer groups settle in seconds, not minutes. */
export const FAST_CONSUMER = {
  sessionTimeout: 10_000,
  rebalanceTimeout: 10_000,
  heartbeatInterval: 1_000,
  // An idle fetch waits at most this long, which bounds how long leaving the group takes on shutdown.
  maxWaitTimeInMs: 1_000,
  allowAutoTopicCreation: false,
} as const;
