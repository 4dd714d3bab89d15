/** A Kafka topic and its partition count, created up front by `npm start` and the e2e setup. */
export interface TopicSpec {
  topic: string;
  numPartitions: number;
}

/** @nestjs/microservices' ClientKafka answers on `<request topic>.reply`. */
export const replyTopic = (requestTopic: string): string => `${requestTopic}.reply`;

/** Request topics with their reply topics, for Kafka request-reply through the gateway. */
export function requestReplyTopics(requestTopics: string[], numPartitions: number): TopicSpec[] {
  return requestTopics.flatMap((topic) => [
    { topic, numPartitions },
    { topic: replyTopic(topic), numPartitions },
  ]);
}
