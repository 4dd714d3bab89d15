import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

import { NoticeKind } from './notice-kind';

export interface NotificationRow {
  idempotency_key: string;
  order_id: string;
  kind: NoticeKind;
  attempts: number;
  channel: 'email' | 'sms';
  recipient: string;
  subject: string;
  body: string;
  status: 'QUEUED' | 'SENT' | 'FAILED';
}

/** A notice to store: what `insert` writes (channel email, status QUEUED). */
export interface NewNotice {
  idempotencyKey: string;
  kind: NoticeKind;
  /** The saga that asked for it; follow-ups come from an order event and have none. */
  sagaId: string | null;
  orderId: string;
  recipient: string;
  subject: string;
  body: string;
}

/** The notices (`notifications` table), one row per idempotency key. */
@Injectable()
export class NoticesRepository {
  constructor(private readonly db: DataSource) {}

  /** Stores a notice once (a second insert of its key is ignored), inside the caller's transaction. */
  async insert(m: EntityManager, notice: NewNotice): Promise<void> {
    await m.query(
      `INSERT IGNORE INTO notifications (idempotency_key, saga_id, order_id, kind, channel, recipient, subject, body, status)
       VALUES (?, ?, ?, ?, 'email', ?, ?, ?, 'QUEUED')`,
      [
        notice.idempotencyKey,
        notice.sagaId,
        notice.orderId,
        notice.kind,
        notice.recipient,
        notice.subject,
        notice.body,
      ],
    );
  }

  async find(key: string): Promise<NotificationRow | undefined> {
    const [row] = await this.db.query<NotificationRow[]>('SELECT * FROM notifications WHERE idempotency_key = ?', [
      key,
    ]);
    return row;
  }

  async markSent(key: string, providerMessageId: string, at: Date): Promise<void> {
    await this.db.query(
      "UPDATE notifications SET status = 'SENT', attempts = attempts + 1, provider_message_id = ?, sent_at = ?, last_error = NULL WHERE idempotency_key = ?",
      [providerMessageId, at, key],
    );
  }

  /** One more failed attempt; `givenUp` marks the notice FAILED for good. */
  async markFailedAttempt(key: string, error: string, givenUp: boolean): Promise<void> {
    await this.db.query(
      `UPDATE notifications SET attempts = attempts + 1, last_error = ?${givenUp ? ", status = 'FAILED'" : ''} WHERE idempotency_key = ?`,
      [error, key],
    );
  }

  /** Notices still QUEUED that were stored before `before`. */
  queuedBefore(before: Date, limit: number): Promise<Pick<NotificationRow, 'idempotency_key' | 'kind'>[]> {
    return this.db.query<Pick<NotificationRow, 'idempotency_key' | 'kind'>[]>(
      "SELECT idempotency_key, kind FROM notifications WHERE status = 'QUEUED' AND created_at < ? LIMIT ?",
      [before, limit],
    );
  }

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }
}
