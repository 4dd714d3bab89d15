import { defineTable } from '@shop/write-behind';

import { DeliveryOutcome } from './delivery-log.constants';

/** One delivery attempt of a notification, as stored (Redis while pending, then a `delivery_log` row). */
export interface DeliveryAttemptRecord {
  notificationId: string;
  orderId: string | null;
  channel: string;
  to: string;
  attempt: number;
  outcome: DeliveryOutcome;
  error: string | null;
  providerMessageId: string | null;
  /** When the attempt was recorded (ISO 8601). */
  attemptedAt: string;
}

/** `delivery_log` in the notifications database; keys are ULIDs, so key order is time order. */
export const deliveryLogTable = defineTable<DeliveryAttemptRecord>({
  name: 'delivery_log',
  keyType: 'CHAR(26)',
  columns: {
    notification_id: { type: 'VARCHAR(128)' },
    order_id: { type: 'VARCHAR(64)', nullable: true },
    channel: { type: 'VARCHAR(16)' },
    recipient: { type: 'VARCHAR(320)' },
    attempt: { type: 'INT' },
    outcome: { type: 'VARCHAR(8)' },
    error: { type: 'TEXT', nullable: true },
    provider_message_id: { type: 'VARCHAR(128)', nullable: true },
    attempted_at: { type: 'DATETIME(3)' },
  },
  indexes: [['order_id'], ['notification_id']],
  toRow: (r) => ({
    notification_id: r.notificationId,
    order_id: r.orderId,
    channel: r.channel,
    recipient: r.to,
    attempt: r.attempt,
    outcome: r.outcome,
    error: r.error,
    provider_message_id: r.providerMessageId,
    attempted_at: new Date(r.attemptedAt),
  }),
  fromRow: (row) => ({
    notificationId: String(row.notification_id),
    orderId: nullableText(row.order_id),
    channel: String(row.channel),
    to: String(row.recipient),
    attempt: Number(row.attempt),
    outcome: String(row.outcome) as DeliveryOutcome,
    error: nullableText(row.error),
    providerMessageId: nullableText(row.provider_message_id),
    // The pool reads DATETIME as UTC (timezone 'Z'), the way toRow wrote it.
    attemptedAt: (row.attempted_at instanceof Date
      ? row.attempted_at
      : new Date(`${String(row.attempted_at)}Z`)
    ).toISOString(),
  }),
});

/** A nullable VARCHAR/TEXT column as mysql2 returns it: a string, or null. */
function nullableText(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
