import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { SAGA_REQUESTS, SagaSummary, SagaView } from '@shop/contracts';
import { AdminOnly } from '@shop/platform';

import { KafkaRequestClient } from '../kafka/kafka-request.client';
import { invalidId } from '../orders/orders.controller';
import { ListSagasQuery } from './dto/list-sagas.query';

/** Operators' view of the order sagas (every customer's orders, so admin key only). */
@AdminOnly()
@Controller('api/sagas')
export class SagasController {
  constructor(private readonly kafka: KafkaRequestClient) {}

  @Get()
  list(@Query() query: ListSagasQuery): Promise<SagaSummary[]> {
    return this.kafka.ask<SagaSummary[]>('orders', SAGA_REQUESTS.listSagas, {
      status: query.status,
      limit: query.limit,
    });
  }

  @Get(':id')
  get(@Param('id', new ParseUUIDPipe({ exceptionFactory: () => invalidId() })) id: string): Promise<SagaView> {
    return this.kafka.ask<SagaView>('orders', SAGA_REQUESTS.getSaga, { sagaId: id });
  }
}
