import { Controller, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DeadLetterView, SAGA_REQUESTS } from '@shop/contracts';

import { AdminOnly } from '../common/admin-only.decorator';
import { ApiErrors, BACKEND_ERRORS } from '../docs/api-errors';
import { arrayOf } from '../docs/schema';
import { KafkaRequestClient } from '../kafka/kafka-request.client';
import { DEAD_LETTER_SCHEMA } from '../sagas/dto/saga.schemas';
import { DeadLetterIdParam } from './dto/dead-letter-id.param';

/** Messages that failed after their retries, and their replay. Admin key required. */
@ApiTags('admin')
@Controller('api/admin/dead-letters')
@AdminOnly()
export class DeadLettersController {
  constructor(private readonly kafka: KafkaRequestClient) {}

  @Get()
  @ApiOperation({ summary: 'Messages the saga participants gave up on after their retries' })
  @ApiOkResponse({ description: 'The dead letters', schema: arrayOf(DEAD_LETTER_SCHEMA) })
  @ApiErrors(BACKEND_ERRORS)
  list(): Promise<DeadLetterView[]> {
    return this.kafka.ask<DeadLetterView[]>('orders', SAGA_REQUESTS.listDeadLetters, {});
  }

  /** Republishes the message unchanged to its topic; the receiver's inbox still prevents a double effect. */
  @Post(':id/replay')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Republish a dead letter unchanged to its topic (the receiver’s inbox prevents a double effect)',
  })
  @ApiAcceptedResponse({ description: 'Republished', schema: DEAD_LETTER_SCHEMA })
  @ApiErrors({ 400: 'id is malformed', 404: 'No such dead letter', ...BACKEND_ERRORS })
  replay(@Param() { id }: DeadLetterIdParam): Promise<DeadLetterView> {
    return this.kafka.ask<DeadLetterView>('orders', SAGA_REQUESTS.replayDeadLetter, { id });
  }
}
