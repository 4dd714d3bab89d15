// First: the tracing SDK must patch http, kafkajs, mysql2 and ioredis before they are loaded.
import '@shop/platform/tracing';

import { REPORT_REQUESTS } from '@shop/contracts';
import { bootstrapService } from '@shop/platform';

import { AppModule } from './app.module';

void bootstrapService(AppModule, {
  service: 'orders',
  consumesKafka: true,
  // Reports get a consumer of their own: the main one handles a message at a time, and a report
  // may take seconds that order placement and saga replies must not wait for.
  dedicatedConsumers: [{ name: 'reports', topics: Object.values(REPORT_REQUESTS) }],
});
