import { Injectable } from '@nestjs/common';
import { ORDER_EVENT_TOPIC, OrderCompletedEvent } from '@shop/contracts';
import { recordIncomingMessage } from '@shop/messaging';
import { DataSource } from 'typeorm';

import { OrderHistoryRepository } from '../recommender/order-history.repository';
import { orderLineRows } from './order-completed.mapping';

/**
 * Adds completed orders to the history the model trains on, exactly once per event: the event id
 * goes into the inbox (`processed_messages`) in the transaction that inserts the lines, so a
 * redelivered or replayed event inserts nothing and no basket counts twice.
 */
@Injectable()
export class OrderHistoryWriter {
  constructor(
    private readonly db: DataSource,
    private readonly history: OrderHistoryRepository,
  ) {}

  /** Returns `duplicate` when the event was recorded before (and changes nothing). */
  async recordCompletedOrder(event: OrderCompletedEvent): Promise<'recorded' | 'duplicate'> {
    return this.db.transaction(async (m) => {
      if (!(await recordIncomingMessage(m, event.eventId, ORDER_EVENT_TOPIC.completed))) return 'duplicate';
      await this.history.insert(m, orderLineRows(event));
      return 'recorded';
    });
  }
}
