// First: the tracing SDK must patch http, kafkajs, mysql2 and ioredis before they are loaded.
import '@shop/platform/tracing';

import { ValidationPipe } from '@nestjs/common';
import { ORDER_EVENT_TOPIC } from '@shop/contracts';
import { bootstrapService, hardenedJsonParsers } from '@shop/platform';

import { AppModule } from './app.module';

void bootstrapService(AppModule, {
  service: 'ml-advisor',
  consumesKafka: true,
  // Order events get a consumer (group ml-advisor-order-events) of their own, read from the start
  // of a partition it has never consumed: orders.completed is published once, so events from
  // before the advisor's first start must still count, and status requests must not wait behind them.
  dedicatedConsumers: [{ name: 'order-events', topics: [ORDER_EVENT_TOPIC.completed] }],
  configure: (app) => {
    // The fleet's hardened JSON edge (size, depth, well-formed UTF-16) before any pipe sees a body.
    app.use(...hardenedJsonParsers());
    app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  },
});
