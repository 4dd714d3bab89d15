import { Injectable } from '@nestjs/common';
import { ORDER_EVENT_TOPIC, OrderCompletedEvent } from '@shop/contracts';
import { recordIncomingMessage } from '@shop/messaging';

import { NoticesRepository } from '../notices/notices.repository';
import { NoticesService } from '../notices/notices.service';
import { followUpNotice } from './follow-up.notice';

export type FollowUpOutcome = 'queued' | 'duplicate';

/**
 * Follow-up mail after a completed order. Stored with the event's id in the inbox (one
 * transaction, so a redelivery stores nothing), then queued in the background compartment.
 */
@Injectable()
export class FollowUpsService {
  constructor(
    private readonly store: NoticesRepository,
    private readonly notices: NoticesService,
  ) {}

  async onOrderCompleted(event: OrderCompletedEvent): Promise<FollowUpOutcome> {
    const notice = followUpNotice(event);
    const fresh = await this.store.transaction(async (m) => {
      if (!(await recordIncomingMessage(m, event.eventId, ORDER_EVENT_TOPIC.completed))) return false;
      await this.store.insert(m, notice);
      return true;
    });
    // Queued even for a duplicate: the first delivery may have died between commit and queue
    // (the job id is the key, so a notice still queued is not queued twice).
    await this.notices.enqueueDelivery(notice.idempotencyKey, notice.kind);
    return fresh ? 'queued' : 'duplicate';
  }
}
