// First: the tracing SDK must patch http, kafkajs, mysql2 and ioredis before they are loaded.
import '@shop/platform/tracing';

import { bootstrapService } from '@shop/platform';

import { AppModule } from './app.module';

void bootstrapService(AppModule, { service: 'payments', consumesKafka: true });
