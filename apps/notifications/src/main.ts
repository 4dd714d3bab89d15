// First: the tracing SDK must patch http, kafkajs, mysql2 and ioredis before they are loaded.
import '@shop/platform/tracing';

import { ORDER_EVENT_TOPIC } from '@shop/contracts';
import { bootstrapService } from '@shop/platform';

import { AppModule } from './app.module';

void bootstrapService(AppModule, {
  service: 'notifications',
  consumesKafka: true,
  // Follow-ups come from orders.completed on a consumer of their own (group
  // notifications-follow-ups), so a backlog of them never delays the saga's notice commands. Read
  // from the start of a partition it has never consumed: an order completed while notifications
  // was down still gets its follow-up (the inbox makes a redelivery harmless).
  dedicatedConsumers: [{ name: 'follow-ups', topics: [ORDER_EVENT_TOPIC.completed] }],
});
