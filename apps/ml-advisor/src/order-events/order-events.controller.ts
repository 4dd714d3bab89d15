import { Controller, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { ORDER_EVENT_TOPIC, parseOrderCompleted } from '@shop/contracts';
import { handleMessageWithRetries, OutboxRelay } from '@shop/messaging';
import { OrderEventsMetrics } from './order-events.metrics';
import { OrderHistoryWriter } from './order-history.writer';

const SERVICE = 'ml-advisor';

/** The orders service's events the advisor learns from. */
@Controller()
export class OrderEventsController {
  private readonly logger = new Logger(OrderEventsController.name);

  constructor(
    private readonly history: OrderHistoryWriter,
    private readonly metrics: OrderEventsMetrics,
    private readonly relay: OutboxRelay,
  ) {}

  /**
   * A completed order joins the history (the model sees it at its next training). Malformed
   * events are logged and left out; an event that cannot be stored after its retries is
   * dead-lettered for an operator to replay.
   */
  @EventPattern(ORDER_EVENT_TOPIC.completed)
  async onOrderCompleted(@Payload() payload: unknown): Promise<void> {
    const parsed = parseOrderCompleted(payload);
    if (!parsed.ok) {
      this.logger.warn({ msg: 'malformed orders.completed left out', problems: parsed.problems });
      this.metrics.count('invalid');
      return;
    }
    const { event } = parsed;
    let outcome: 'recorded' | 'duplicate' | 'failed' = 'failed';
    const message = { messageId: event.eventId, key: event.orderId, payload, logContext: { orderId: event.orderId } };
    await handleMessageWithRetries(SERVICE, ORDER_EVENT_TOPIC.completed, message, this.relay, this.logger, async () => {
      outcome = await this.history.recordCompletedOrder(event);
    });
    this.metrics.count(outcome);
  }
}
