import { Injectable } from '@nestjs/common';
import { InjectWriteBehindStore, WriteBehindStore } from '@shop/write-behind';

import { DEFAULT_PAGE_SIZE, DELIVERY_LOG_STORE, DELIVERY_OUTCOMES, DeliveryOutcome } from './delivery-log.constants';
import { DeliveryAttemptRecord } from './delivery-log.table';

/** What the notification sender reports after each delivery attempt. */
export interface DeliveryAttempt {
  /** The notification's id (its idempotency key), at most 128 characters. */
  notificationId: string;
  orderId?: string;
  /** `email`, `sms`, `push`, … (at most 16 characters). */
  channel: string;
  /** Recipient address or number. */
  to: string;
  /** 1 for the first attempt. */
  attempt: number;
  outcome: DeliveryOutcome;
  /** Why a failed attempt failed. */
  error?: string;
  /** The provider's id of a sent message. */
  providerMessageId?: string;
}

/** One logged attempt, as `GET /delivery-log` returns it. */
export interface DeliveryLogEntry extends DeliveryAttemptRecord {
  id: string;
  /** True while the entry is only in Redis (not yet flushed to MySQL). */
  pending: boolean;
}

/**
 * The delivery log: every attempt to deliver a notification, recorded in Redis at once and
 * flushed to MySQL (`delivery_log`) in batches by write-behind (libs/write-behind/README.md).
 */
@Injectable()
export class DeliveryLogService {
  constructor(
    @InjectWriteBehindStore(DELIVERY_LOG_STORE) private readonly store: WriteBehindStore<DeliveryAttemptRecord>,
  ) {}

  /**
   * Records one attempt. Resolves once it is stored in Redis (durable as Redis' AOF), with the
   * entry's id; MySQL gets it shortly after, and `list()` returns it immediately.
   *
   * @throws TypeError for an invalid attempt (a bug in the caller), synchronously checked.
   * @throws BacklogFullError (`isBacklogFullError`) when MySQL has been away so long that the
   *   backlog is full; nothing was stored. A sender should log and carry on rather than fail
   *   the delivery because its log is unavailable.
   */
  async recordAttempt(attempt: DeliveryAttempt): Promise<{ id: string; accepted: true }> {
    const record = toRecord(attempt, new Date());
    const accepted = await this.store.write(record);
    return { id: accepted.id, accepted: true };
  }

  /** Attempts newest first, pending ones included, optionally for one order or notification. */
  async list(filter: {
    orderId?: string;
    notificationId?: string;
    limit?: number;
    cursor?: string;
  }): Promise<{ items: DeliveryLogEntry[]; nextCursor: string | null }> {
    const where: Record<string, string> = {};
    if (filter.orderId !== undefined) where.order_id = filter.orderId;
    if (filter.notificationId !== undefined) where.notification_id = filter.notificationId;
    const page = await this.store.query({ where, limit: filter.limit ?? DEFAULT_PAGE_SIZE, cursor: filter.cursor });
    return {
      items: page.items.map((r) => ({ id: r.id, ...r.value, pending: r.pending })),
      nextCursor: page.nextCursor,
    };
  }
}

/** Checks an attempt and gives it the stored shape (explicit nulls, so Redis and MySQL agree). */
export function toRecord(attempt: DeliveryAttempt, at: Date): DeliveryAttemptRecord {
  const text = (name: string, value: unknown, max: number): string => {
    if (typeof value !== 'string' || value.length === 0 || value.length > max) {
      throw new TypeError(`recordAttempt(): ${name} must be a string of 1..${max} characters`);
    }
    return value;
  };
  const optional = (name: string, value: unknown, max: number): string | null =>
    value === undefined || value === null ? null : text(name, value, max);
  if (!Number.isInteger(attempt.attempt) || attempt.attempt < 0)
    throw new TypeError('recordAttempt(): attempt must be a non-negative integer');
  if (!DELIVERY_OUTCOMES.includes(attempt.outcome))
    throw new TypeError(`recordAttempt(): outcome must be one of ${DELIVERY_OUTCOMES.join(', ')}`);
  return {
    notificationId: text('notificationId', attempt.notificationId, 128),
    orderId: optional('orderId', attempt.orderId, 64),
    channel: text('channel', attempt.channel, 16),
    to: text('to', attempt.to, 320),
    attempt: attempt.attempt,
    outcome: attempt.outcome,
    error: attempt.error === undefined || attempt.error === null ? null : String(attempt.error).slice(0, 4_000),
    providerMessageId: optional('providerMessageId', attempt.providerMessageId, 128),
    attemptedAt: at.toISOString(),
  };
}
