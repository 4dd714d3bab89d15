import { Module } from '@nestjs/common';

import { OrdersRepository } from '../orders/orders.repository';
import { SagaEngine } from './saga.engine';
import { SagaMetrics } from './saga.metrics';
import { SagaQueries } from './saga.queries';
import { SagaRepository } from './saga.repository';
import { SagaSweeper } from './saga.sweeper';
import { SagaRepliesController } from './saga-replies.controller';
import { SagasController } from './sagas.controller';
import { ShippingQuoteService } from './shipping-quote.service';

@Module({
  controllers: [SagaRepliesController, SagasController],
  providers: [
    SagaEngine,
    SagaSweeper,
    SagaQueries,
    SagaRepository,
    OrdersRepository,
    SagaMetrics,
    ShippingQuoteService,
  ],
  exports: [SagaEngine, SagaQueries, OrdersRepository],
})
export class SagaModule {}
