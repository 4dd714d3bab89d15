import { Controller, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { DeadLetterView, SAGA_REQUESTS } from '@shop/contracts';

import { AdminOnly } from '../common/admin-only.decorator';
import { KafkaRequestClient } from '../kafka/kafka-request.client';

/** Messages that failed after their retries, and their replay. Admin key required. */
@Controller('api/admin/dead-letters')
@AdminOnly()
export class DeadLettersController {
  constructor(private readonly kafka: KafkaRequestClient) {}

  @Get()
  list(): Promise<DeadLetterView[]> {
    return this.kafka.ask<DeadLetterView[]>('orders', SAGA_REQUESTS.listDeadLetters, {});
  }

  /** Republishes the message unchanged to its topic; the receiver's inbox still prevents a double effect. */
  @Post(':id/replay')
  @HttpCode(HttpStatus.ACCEPTED)
  replay(@Param('id') id: string): Promise<DeadLetterView> {
    return this.kafka.ask<DeadLetterView>('orders', SAGA_REQUESTS.replayDeadLetter, { id });
  }
}
