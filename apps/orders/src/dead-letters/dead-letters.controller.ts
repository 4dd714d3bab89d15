import { Controller, Logger } from '@nestjs/common';
import { EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import { ApiResult, DeadLetterMessage, DeadLetterView, SAGA_REQUESTS, SAGA_TOPIC } from '@shop/contracts';
import { MessageNotAppliedError } from '@shop/messaging';
import { isTransientMysqlError } from '@shop/platform';
import { asResult } from '@shop/platform';

import { DeadLettersService } from './dead-letters.service';

@Controller()
export class DeadLettersController {
  private readonly logger = new Logger(DeadLettersController.name);

  constructor(private readonly deadLetters: DeadLettersService) {}

  @EventPattern(SAGA_TOPIC.deadLetters)
  async onDeadLetter(@Payload() letter: DeadLetterMessage): Promise<void> {
    if (!letter || typeof letter.id !== 'string') return;
    this.logger.warn({
      msg: 'dead letter received',
      id: letter.id,
      service: letter.service,
      topic: letter.originalTopic,
      error: letter.error,
    });
    try {
      await this.deadLetters.record(letter);
    } catch (error) {
      this.logger.error({ msg: 'could not store a dead letter', id: letter.id, error: (error as Error).message });
      // Its database is down: the letter is read again once it is back, never dropped.
      if (isTransientMysqlError(error)) throw new MessageNotAppliedError(letter.id, (error as Error).message);
    }
  }

  @MessagePattern(SAGA_REQUESTS.listDeadLetters)
  list(): Promise<ApiResult<DeadLetterView[]>> {
    return asResult(() => this.deadLetters.list());
  }

  @MessagePattern(SAGA_REQUESTS.replayDeadLetter)
  replay(@Payload() request: { id: string }): Promise<ApiResult<DeadLetterView>> {
    return asResult(() => this.deadLetters.replay(String(request?.id)));
  }
}
