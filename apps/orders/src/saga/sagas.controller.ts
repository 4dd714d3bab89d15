import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ApiResult, ListSagasRequest, SAGA_REQUESTS, SagaSummary, SagaView } from '@shop/contracts';
import { asResult } from '@shop/platform';

import { OrderDomainError } from '../orders/orders.errors';
import { SagaQueries } from './saga.queries';

/** Operators' view of the sagas, asked by the gateway over Kafka. */
@Controller()
export class SagasController {
  constructor(private readonly sagas: SagaQueries) {}

  @MessagePattern(SAGA_REQUESTS.listSagas)
  list(@Payload() request: ListSagasRequest): Promise<ApiResult<SagaSummary[]>> {
    return asResult(() => this.sagas.list(request ?? {}));
  }

  @MessagePattern(SAGA_REQUESTS.getSaga)
  get(@Payload() request: { sagaId: string }): Promise<ApiResult<SagaView>> {
    return asResult(async () => {
      const saga = await this.sagas.byId(String(request?.sagaId));
      if (!saga) throw new OrderDomainError('NOT_FOUND', `no saga ${request?.sagaId}`, 'id');
      return saga;
    });
  }
}
