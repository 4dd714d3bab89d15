import { Inject, Injectable, Logger } from '@nestjs/common';
import { COMPARTMENT_PRIORITY, SAGA_TOPIC, SagaCommand, SendNotificationPayload } from '@shop/contracts';
import { enqueueMessage, OutboxRelay, recordIncomingMessage, replyTo } from '@shop/messaging';
import { currentTraceparent } from '@shop/platform';
import { isClientError } from '@shop/resilience';

import { DeliveryAttempt, DeliveryLogService } from '../delivery-log/delivery-log.service';
import { NOTICE_COMPARTMENT, noticeKey, NoticeKind } from './notice-kind';
import { NOTICE_QUEUES, NoticeQueues } from './notice-queues';
import { NOTICE_BACKOFF } from './notices.constants';
import { NoticesRepository } from './notices.repository';
import { NotificationProviderClient } from './notification-provider.client';

const SERVICE = 'notifications';

/** The provider refused a notice for good (a 4xx): the queue must not retry it. */
export class NoticeRefusedError extends Error {
  override readonly name = 'NoticeRefusedError';
}

/** Where a customer's notices go (the shop knows customers by id only). */
export const customerEmail = (customerId: string): string => `${customerId.toLowerCase()}@customers.petshop.example`;

/**
 * Order notices. The saga's command is answered as soon as the notice is stored (same
 * transaction as the message id and the reply): delivery is this service's own business, retried
 * from a Bull queue until the provider takes it, so a provider outage never holds up or undoes
 * an order. One idempotency key per notice makes the provider deliver it once.
 */
@Injectable()
export class NoticesService {
  private readonly logger = new Logger(NoticesService.name);

  constructor(
    private readonly store: NoticesRepository,
    private readonly relay: OutboxRelay,
    private readonly provider: NotificationProviderClient,
    private readonly deliveryLog: DeliveryLogService,
    @Inject(NOTICE_QUEUES) private readonly queues: NoticeQueues,
  ) {}

  async handle(command: SagaCommand<SendNotificationPayload>): Promise<void> {
    if (command.action !== 'SEND_ORDER_CONFIRMATION' && command.action !== 'SEND_CANCELLATION_NOTICE') {
      throw new Error(`notifications cannot handle ${String(command.action)}`);
    }
    const confirmation = command.action === 'SEND_ORDER_CONFIRMATION';
    const kind: NoticeKind = confirmation ? 'CONFIRMATION' : 'CANCELLATION';
    const key = noticeKey(kind, command.sagaId);
    const { customerId, total, currency } = command.payload;
    const shortId = command.orderId.slice(0, 8);
    await this.store.transaction(async (m) => {
      if (await recordIncomingMessage(m, command.messageId, SAGA_TOPIC.notificationCommands)) {
        await this.store.insert(m, {
          idempotencyKey: key,
          kind,
          sagaId: command.sagaId,
          orderId: command.orderId,
          recipient: customerEmail(customerId),
          subject: confirmation ? `Your order ${shortId} is confirmed` : `Your order ${shortId} was cancelled`,
          body: confirmation
            ? `Thank you! We received ${total.toFixed(2)} ${currency} for order ${command.orderId} and are packing it.`
            : `Order ${command.orderId} was cancelled; any payment has been refunded.`,
        });
      }
      await enqueueMessage(m, {
        topic: SAGA_TOPIC.replies,
        key: command.sagaId,
        payload: replyTo(command, SERVICE, 'SUCCEEDED', { data: { notificationKey: key } }),
      });
    });
    this.relay.kick();
    await this.enqueueDelivery(key, kind);
  }

  /**
   * Queues delivery on the queue of the notice's compartment; the job id is the notice's key, so a
   * notice is queued at most once at a time.
   */
  async enqueueDelivery(key: string, kind: NoticeKind): Promise<void> {
    const traceparent = currentTraceparent();
    await this.queues[NOTICE_COMPARTMENT[kind]].add(
      traceparent ? { idempotencyKey: key, traceparent } : { idempotencyKey: key },
      { jobId: key, attempts: 100_000, backoff: { type: NOTICE_BACKOFF }, removeOnComplete: true, removeOnFail: 1000 },
    );
  }

  /** One delivery attempt (called by the queue's processor); throws to be retried. */
  async deliver(key: string): Promise<void> {
    const row = await this.store.find(key);
    if (!row || row.status !== 'QUEUED') return;
    const attempt = {
      notificationId: key,
      orderId: row.order_id,
      channel: row.channel,
      to: row.recipient,
      attempt: row.attempts + 1,
    };
    try {
      // The provider's bulkhead admits a compartment's calls in its lane, so background notices
      // hold at most the low lane's share of its slots.
      const priority = COMPARTMENT_PRIORITY[NOTICE_COMPARTMENT[row.kind]];
      const notice = {
        channel: row.channel,
        to: row.recipient,
        subject: row.subject,
        body: row.body,
        idempotencyKey: key,
      };
      const messageId = await this.provider.send(notice, priority);
      await this.store.markSent(key, messageId, new Date());
      await this.logAttempt({ ...attempt, outcome: 'sent', providerMessageId: messageId });
    } catch (error) {
      // A 4xx (other than 408/429) will not get better by retrying: the notice is given up on.
      const permanent = isClientError(error);
      await this.logAttempt({ ...attempt, outcome: permanent ? 'failed' : 'queued', error: (error as Error).message });
      await this.store.markFailedAttempt(key, (error as Error).message, permanent);
      if (permanent) {
        this.logger.error({
          msg: 'notice refused by the provider; not retried',
          idempotencyKey: key,
          error: (error as Error).message,
        });
        throw new NoticeRefusedError((error as Error).message);
      }
      throw error;
    }
  }

  /** The delivery log is a record, not a gate: a full backlog there never fails a delivery. */
  private async logAttempt(attempt: DeliveryAttempt): Promise<void> {
    await this.deliveryLog.recordAttempt(attempt).catch((error: Error) =>
      this.logger.warn({
        msg: 'delivery attempt not logged',
        notificationId: attempt.notificationId,
        error: error.message,
      }),
    );
  }

  /** Notices stored but never queued (the process died between commit and queue): queue them again. */
  async requeueStranded(olderThanMs = 10_000): Promise<number> {
    const rows = await this.store.queuedBefore(new Date(Date.now() - olderThanMs), 500);
    for (const row of rows) {
      const job = await this.queues[NOTICE_COMPARTMENT[row.kind]].getJob(row.idempotency_key);
      if (!job) await this.enqueueDelivery(row.idempotency_key, row.kind);
    }
    return rows.length;
  }
}
