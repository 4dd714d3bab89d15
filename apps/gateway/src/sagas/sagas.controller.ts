import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { SAGA_REQUESTS, SagaSummary, SagaView } from '@shop/contracts';

import { AdminOnly } from '../common/admin-only.decorator';
import { ApiErrors, BACKEND_ERRORS } from '../docs/api-errors';
import { arrayOf } from '../docs/schema';
import { KafkaRequestClient } from '../kafka/kafka-request.client';
import { invalidId } from '../orders/orders.controller';
import { ListSagasQuery } from './dto/list-sagas.query';
import { SAGA_SUMMARY_SCHEMA, SAGA_VIEW_SCHEMA } from './dto/saga.schemas';

/** Operators' view of the order sagas (every customer's orders, so admin key only). */
@ApiTags('sagas')
@AdminOnly()
@Controller('api/sagas')
export class SagasController {
  constructor(private readonly kafka: KafkaRequestClient) {}

  @Get()
  @ApiOperation({ summary: 'Sagas, most recently changed first' })
  @ApiOkResponse({ description: 'The sagas', schema: arrayOf(SAGA_SUMMARY_SCHEMA) })
  @ApiErrors({ 400: 'status or limit is not valid (`field` names which)', ...BACKEND_ERRORS })
  list(@Query() query: ListSagasQuery): Promise<SagaSummary[]> {
    return this.kafka.ask<SagaSummary[]>('orders', SAGA_REQUESTS.listSagas, {
      status: query.status,
      limit: query.limit,
    });
  }

  @Get(':id')
  @ApiOperation({ summary: 'One saga with every step and compensation' })
  @ApiParam({ name: 'id', schema: { type: 'string', format: 'uuid' }, description: 'The saga id' })
  @ApiOkResponse({ description: 'The saga', schema: SAGA_VIEW_SCHEMA })
  @ApiErrors({ 400: 'id is not a UUID', 404: 'No such saga', ...BACKEND_ERRORS })
  get(@Param('id', new ParseUUIDPipe({ exceptionFactory: () => invalidId() })) id: string): Promise<SagaView> {
    return this.kafka.ask<SagaView>('orders', SAGA_REQUESTS.getSaga, { sagaId: id });
  }
}
