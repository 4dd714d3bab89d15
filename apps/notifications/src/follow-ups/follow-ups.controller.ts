import { Controller, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { ORDER_EVENT_TOPIC } from '@shop/contracts';
import { consumeOrderCompleted, OutboxRelay } from '@shop/messaging';

import { FollowUpsService } from './follow-ups.service';

/** Turns `orders.completed` into follow-up notices. */
@Controller()
export class FollowUpsController {
  private readonly logger = new Logger(FollowUpsController.name);

  constructor(
    private readonly followUps: FollowUpsService,
    private readonly relay: OutboxRelay,
  ) {}

  /** A malformed event is logged and left out; one that cannot be stored is retried, then dead-lettered. */
  @EventPattern(ORDER_EVENT_TOPIC.completed)
  async onOrderCompleted(@Payload() payload: unknown): Promise<void> {
    await consumeOrderCompleted('notifications', payload, this.relay, this.logger, async (event) => {
      const outcome = await this.followUps.onOrderCompleted(event);
      if (outcome === 'duplicate')
        this.logger.log({ msg: 'follow-up already stored; redelivery ignored', orderId: event.orderId });
    });
  }
}
