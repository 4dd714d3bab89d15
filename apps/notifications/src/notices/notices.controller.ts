import { Controller, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { SAGA_TOPIC, SagaCommand, SendNotificationPayload } from '@shop/contracts';
import { handleCommandWithRetries, OutboxRelay } from '@shop/messaging';

import { NoticesService } from './notices.service';

const REQUEUE_INTERVAL_MS = 10_000;

@Controller()
export class NoticesController implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(NoticesController.name);
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly notices: NoticesService,
    private readonly relay: OutboxRelay,
  ) {}

  @EventPattern(SAGA_TOPIC.notificationCommands)
  async onCommand(@Payload() command: SagaCommand<SendNotificationPayload>): Promise<void> {
    if (!command || typeof command.messageId !== 'string') return;
    await handleCommandWithRetries(
      'notifications',
      SAGA_TOPIC.notificationCommands,
      command,
      this.relay,
      this.logger,
      () => this.notices.handle(command),
    );
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(
      () =>
        void this.notices
          .requeueStranded()
          .catch((error: Error) => this.logger.warn({ msg: 'requeue failed', error: error.message })),
      REQUEUE_INTERVAL_MS,
    );
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
