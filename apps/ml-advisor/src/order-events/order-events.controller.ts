import { Controller, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { ORDER_EVENT_TOPIC } from '@shop/contracts';
import { consumeOrderCompleted, OutboxRelay } from '@shop/messaging';

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
    let outcome: 'recorded' | 'duplicate' | 'failed' = 'failed';
    const consumed = await consumeOrderCompleted(SERVICE, payload, this.relay, this.logger, async (event) => {
      outcome = await this.history.recordCompletedOrder(event);
    });
    this.metrics.count(consumed === 'invalid' ? 'invalid' : outcome);
  }
}
