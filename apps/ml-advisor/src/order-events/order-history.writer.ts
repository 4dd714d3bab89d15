import { Injectable } from '@nestjs/common';
import { ORDER_EVENT_TOPIC, OrderCompletedEvent } from '@shop/contracts';
import { recordIncomingMessage } from '@shop/messaging';
import { DataSource } from 'typeorm';

import { orderLineRows } from './order-completed.mapping';

/**
 * Adds completed orders to the history the model trains on, exactly once per event: the event id
 * goes into the inbox (`processed_messages`) in the transaction that inserts the lines, so a
 * redelivered or replayed event inserts nothing and no basket counts twice.
 */
@Injectable()
export class OrderHistoryWriter {
  constructor(private readonly db: DataSource) {}

  /** Returns `duplicate` when the event was recorded before (and changes nothing). */
  async recordCompletedOrder(event: OrderCompletedEvent): Promise<'recorded' | 'duplicate'> {
    return this.db.transaction(async (m) => {
      if (!(await recordIncomingMessage(m, event.eventId, ORDER_EVENT_TOPIC.completed))) return 'duplicate';
      const rows = orderLineRows(event);
      // The key (order, product) is a second guard: even a replay under another id cannot add a row.
      await m.query(
        `INSERT INTO order_lines (order_id, customer_id, product_id, quantity, unit_price_cents, ordered_at) VALUES ${rows.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}
         ON DUPLICATE KEY UPDATE quantity = VALUES(quantity), unit_price_cents = VALUES(unit_price_cents)`,
        rows.flatMap((r) => [r.orderId, r.customerId, r.productId, r.quantity, r.unitPriceCents, r.orderedAt]),
      );
      return 'recorded';
    });
  }
}
