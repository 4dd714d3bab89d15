import { Module } from '@nestjs/common';

import { OrderHistoryRepository } from '../recommender/order-history.repository';
import { OrderEventsController } from './order-events.controller';
import { OrderEventsMetrics } from './order-events.metrics';
import { OrderHistoryWriter } from './order-history.writer';

/** Consumes `orders.completed` into the order history (needs the global OutboxModule for dead letters). */
@Module({
  controllers: [OrderEventsController],
  providers: [OrderHistoryWriter, OrderHistoryRepository, OrderEventsMetrics],
})
export class OrderEventsModule {}
