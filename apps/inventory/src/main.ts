// First: the tracing SDK must patch http, kafkajs, mysql2 and ioredis before they are loaded.
import '@shop/platform/tracing';

import { CATALOGUE_REQUESTS } from '@shop/contracts';
import { bootstrapService } from '@shop/platform';

import { AppModule } from './app.module';

void bootstrapService(AppModule, {
  service: 'inventory',
  consumesKafka: true,
  // Product pages get a consumer of their own: the main one handles a message at a time, and the
  // saga's stock commands (or their retries while MySQL is away) must not hold a page up.
  dedicatedConsumers: [{ name: 'catalogue', topics: Object.values(CATALOGUE_REQUESTS) }],
});
