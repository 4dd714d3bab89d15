import { Logger } from '@nestjs/common';
import { ORDER_EVENT_TOPIC, OrderCompletedEvent, parseOrderCompleted } from '@shop/contracts';

import { handleMessageWithRetries } from './command-handling';
import { OutboxRelay } from './outbox.relay';

/**
 * One `orders.completed` payload off the wire, for every service that consumes it: checked against
 * the contract first (a malformed event is logged and left out: `'invalid'`), then handed to `work`
 * with retries and, past them, a dead letter keyed by the event id (`'handled'`). `work` must be
 * idempotent on `event.eventId` (an inbox), since a redelivery or a replay runs it again.
 */
export async function consumeOrderCompleted(
  service: string,
  payload: unknown,
  relay: OutboxRelay,
  logger: Logger,
  work: (event: OrderCompletedEvent) => Promise<void>,
): Promise<'invalid' | 'handled'> {
  const parsed = parseOrderCompleted(payload);
  if (!parsed.ok) {
    logger.warn({ msg: 'malformed orders.completed left out', problems: parsed.problems });
    return 'invalid';
  }
  const { event } = parsed;
  const message = { messageId: event.eventId, key: event.orderId, payload, logContext: { orderId: event.orderId } };
  await handleMessageWithRetries(service, ORDER_EVENT_TOPIC.completed, message, relay, logger, () => work(event));
  return 'handled';
}
