import { Controller, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { SAGA_TOPIC, SagaCommand } from '@shop/contracts';
import { handleCommandWithRetries, OutboxRelay } from '@shop/messaging';

import { PaymentsService } from './payments.service';

@Controller()
export class PaymentsController {
  private readonly logger = new Logger(PaymentsController.name);

  constructor(
    private readonly payments: PaymentsService,
    private readonly relay: OutboxRelay,
  ) {}

  @EventPattern(SAGA_TOPIC.paymentCommands)
  async onCommand(@Payload() command: SagaCommand): Promise<void> {
    if (!command || typeof command.messageId !== 'string') return;
    await handleCommandWithRetries('payments', SAGA_TOPIC.paymentCommands, command, this.relay, this.logger, () =>
      this.payments.handle(command),
    );
  }
}
