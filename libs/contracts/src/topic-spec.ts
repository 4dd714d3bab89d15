/** A Kafka topic and its partition count, created up front by `npm start` and the e2e setup. */
export interface TopicSpec {
  topic: string;
  numPartitions: number;
  /** A request topic of Kafka request-reply: the gateway asks on it and its answer comes on {@link GATEWAY_REPLY_TOPIC}. */
  requestReply?: true;
}

/**
 * The one topic every request-reply answer to the gateway arrives on (the request's
 * `kafka_replyTopic` header names it; replies are matched to requests by correlation id). One
 * topic rather than Nest's default `<request topic>.reply` per request topic: the gateway's reply
 * consumer then fetches one partition instead of one per request topic, and every fetch it
 * encodes, and the broker answers, on the path of every Kafka-backed request, shrinks accordingly.
 */
export const GATEWAY_REPLY_TOPIC = 'gateway.replies';

/**
 * How many gateway replicas can answer at once: the partitions of {@link GATEWAY_REPLY_TOPIC}.
 * The replicas share one consumer group, so each is assigned at least one partition and asks for
 * its replies there (Nest's `kafka_replyPartition` header, the lowest partition it holds). A
 * replica beyond this count is assigned none and stays not ready (`kafka-replies`), rather than
 * sending requests whose replies another replica would read and drop.
 */
export const MAX_GATEWAY_REPLICAS = 4;

/** Request topics of Kafka request-reply through the gateway. */
export function requestReplyTopics(requestTopics: string[], numPartitions: number): TopicSpec[] {
  return requestTopics.map((topic) => ({ topic, numPartitions, requestReply: true }));
}
