import { Controller, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { SAGA_TOPIC, SagaReply } from '@shop/contracts';

import { SagaEngine } from './saga.engine';

/** Participants' replies. A reply that cannot be applied now is dropped: the sweeper asks again. */
@Controller()
export class SagaRepliesController {
  private readonly logger = new Logger(SagaRepliesController.name);

  constructor(private readonly engine: SagaEngine) {}

  @EventPattern(SAGA_TOPIC.replies)
  async onReply(@Payload() reply: SagaReply): Promise<void> {
    if (!reply || typeof reply.sagaId !== 'string' || typeof reply.commandId !== 'string') {
      this.logger.warn({ msg: 'ignoring a malformed saga reply' });
      return;
    }
    await this.engine.onReply(reply).catch(() => undefined);
  }
}
