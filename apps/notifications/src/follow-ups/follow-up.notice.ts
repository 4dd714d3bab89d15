import { CATALOGUE, OrderCompletedEvent } from '@shop/contracts';

import { noticeKey } from '../notices/notice-kind';
import type { NewNotice } from '../notices/notices.repository';
import { customerEmail } from '../notices/notices.service';

const NAMES = new Map(CATALOGUE.map((item) => [item.sku, item.name]));

/**
 * The follow-up mail of a completed order: what was bought, and a question about it. Keyed by the
 * order, so a redelivered `orders.completed` never writes a second one.
 */
export function followUpNotice(event: OrderCompletedEvent): NewNotice {
  const items = event.lines.map((line) => `${line.quantity} × ${NAMES.get(line.sku) ?? line.sku}`).join('\n');
  return {
    idempotencyKey: noticeKey('FOLLOW_UP', event.orderId),
    kind: 'FOLLOW_UP',
    sagaId: null,
    orderId: event.orderId,
    recipient: customerEmail(event.customerId),
    subject: `How are you getting on with order ${event.orderId.slice(0, 8)}?`,
    body: `You bought:\n${items}\n\nTell us how your pet likes it: just reply to this mail.`,
  };
}
