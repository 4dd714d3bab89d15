import { Controller, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { ORDER_EVENT_TOPIC, parseOrderCompleted } from '@shop/contracts';
import { handleMessageWithRetries, OutboxRelay } from '@shop/messaging';
import { FollowUpsService } from './follow-ups.service';

const SERVICE = 'notifications';

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
    const parsed = parseOrderCompleted(payload);
    if (!parsed.ok) {
      this.logger.warn({ msg: 'malformed orders.completed left out', problems: parsed.problems });
      return;
    }
    const { event } = parsed;
    const message = { messageId: event.eventId, key: event.orderId, payload, logContext: { orderId: event.orderId } };
    await handleMessageWithRetries(SERVICE, ORDER_EVENT_TOPIC.completed, message, this.relay, this.logger, async () => {
      const outcome = await this.followUps.onOrderCompleted(event);
      if (outcome === 'duplicate') this.logger.log({ msg: 'follow-up already stored; redelivery ignored', orderId: event.orderId });
    });
  }
}
