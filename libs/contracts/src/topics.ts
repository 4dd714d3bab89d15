import { ADVISOR_TOPICS } from './advisor/advisor.topics';
import { CATALOGUE_TOPICS } from './catalogue/catalogue.topics';
import { ORDER_EVENT_TOPICS } from './orders/order-events';
import { REPORT_TOPICS } from './reports/reports.topics';
import { resilienceSettingsTopics } from './resilience/resilience-settings.topics';
import { SAGA_TOPICS } from './saga/saga.topics';
import { BACKEND_SERVICES, BackendService } from './services';
import { GATEWAY_REPLY_TOPIC, MAX_GATEWAY_REPLICAS, requestReplyTopics, TopicSpec } from './topic-spec';

/** Request-reply: the gateway asks each service for its status on its own topic. */
export const statusTopic = (service: BackendService): string => `system.status.${service}`;

/**
 * Every Kafka topic the fleet uses, created up front by `npm start` and the e2e setup.
 * Automatic topic creation is off on our broker, so a topic missing here fails loudly.
 */
export const TOPICS: readonly TopicSpec[] = [
  ...requestReplyTopics(
    BACKEND_SERVICES.map((service) => statusTopic(service)),
    1,
  ),
  ...resilienceSettingsTopics(BACKEND_SERVICES),
  // A partition per gateway replica: each replica's reply consumer (group `gateway`) is assigned
  // its own, names it in every request (`kafka_replyPartition`) and the answer comes back there.
  { topic: GATEWAY_REPLY_TOPIC, numPartitions: MAX_GATEWAY_REPLICAS },
  ...SAGA_TOPICS,
  ...REPORT_TOPICS,
  ...CATALOGUE_TOPICS,
  ...ORDER_EVENT_TOPICS,
  ...ADVISOR_TOPICS,
];
