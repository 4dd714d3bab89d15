import { BACKEND_SERVICES, BackendService } from './services';

/**
 * Every Kafka topic the fleet uses, created up front by `npm start` and the e2e setup.
 * Automatic topic creation is off on our broker, so a topic missing here fails loudly.
 */
export interface TopicSpec {
  topic: string;
  numPartitions: number;
}

/** Request-reply: the gateway asks each service for its status on its own topic. */
export const statusTopic = (service: BackendService): string => `system.status.${service}`;

/** @nestjs/microservices' ClientKafka answers on `<request topic>.reply`. */
export const replyTopic = (requestTopic: string): string => `${requestTopic}.reply`;

/** Request-reply topics for the gateway's status round trip, reply topics included. */
function requestReplyTopics(requestTopics: string[], numPartitions: number): TopicSpec[] {
  return requestTopics.flatMap((topic) => [
    { topic, numPartitions },
    { topic: replyTopic(topic), numPartitions },
  ]);
}

export const TOPICS: readonly TopicSpec[] = [
  ...requestReplyTopics(
    BACKEND_SERVICES.map((service) => statusTopic(service)),
    1,
  ),
];
