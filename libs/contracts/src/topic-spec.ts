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
 * consumer then fetches one partition instead of thirteen, and every fetch it encodes, and the
 * broker answers, on the path of every Kafka-backed request, shrinks accordingly.
 */
export const GATEWAY_REPLY_TOPIC = 'gateway.replies';

/** Request topics of Kafka request-reply through the gateway. */
export function requestReplyTopics(requestTopics: string[], numPartitions: number): TopicSpec[] {
  return requestTopics.map((topic) => ({ topic, numPartitions, requestReply: true }));
}
