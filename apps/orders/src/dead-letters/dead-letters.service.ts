import { Injectable } from '@nestjs/common';
import { DeadLetterMessage, DeadLetterView } from '@shop/contracts';
import { enqueueMessage, OutboxRelay } from '@shop/messaging';
import { DataSource } from 'typeorm';

import { OrderDomainError } from '../orders/orders.errors';

interface DeadLetterRow {
  id: string;
  service: string;
  original_topic: string;
  message_key: string | null;
  payload: string;
  error: string;
  attempts: number;
  failed_at: Date;
  received_at: Date;
  replayed_at: Date | null;
  replay_count: number;
}

/**
 * The fleet's dead letters: every message some service gave up on after its retries arrives on
 * `saga.dead-letters` and is kept here until an operator replays it. A replay republishes the
 * original message unchanged (same message id), so the receiver's inbox still guards against a
 * double effect.
 */
@Injectable()
export class DeadLettersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxRelay,
  ) {}

  async record(letter: DeadLetterMessage): Promise<void> {
    await this.dataSource.query(
      `INSERT IGNORE INTO dead_letters (id, service, original_topic, message_key, payload, error, attempts, failed_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        letter.id.slice(0, 160),
        letter.service,
        letter.originalTopic,
        letter.originalKey,
        JSON.stringify(letter.payload ?? null),
        letter.error ?? '',
        letter.attempts ?? 0,
        new Date(letter.failedAt ?? Date.now()),
      ],
    );
  }

  async list(): Promise<DeadLetterView[]> {
    const rows = await this.dataSource.query<DeadLetterRow[]>(
      'SELECT * FROM dead_letters ORDER BY received_at DESC LIMIT 500',
    );
    return rows.map(toView);
  }

  async replay(id: string): Promise<DeadLetterView> {
    const view = await this.dataSource.transaction(async (m) => {
      const [row] = await m.query<DeadLetterRow[]>('SELECT * FROM dead_letters WHERE id = ? FOR UPDATE', [id]);
      if (!row) throw new OrderDomainError('NOT_FOUND', `no dead letter ${id}`, 'id');
      await enqueueMessage(m, { topic: row.original_topic, key: row.message_key, payload: JSON.parse(row.payload) });
      const now = new Date();
      await m.query('UPDATE dead_letters SET replayed_at = ?, replay_count = replay_count + 1 WHERE id = ?', [now, id]);
      return toView({ ...row, replayed_at: now, replay_count: Number(row.replay_count) + 1 });
    });
    this.outbox.kick();
    return view;
  }
}

function toView(r: DeadLetterRow): DeadLetterView {
  return {
    id: r.id,
    service: r.service,
    originalTopic: r.original_topic,
    originalKey: r.message_key,
    payload: JSON.parse(r.payload),
    error: r.error,
    attempts: Number(r.attempts),
    failedAt: r.failed_at.toISOString(),
    receivedAt: r.received_at.toISOString(),
    replayedAt: r.replayed_at ? r.replayed_at.toISOString() : null,
    replayCount: Number(r.replay_count),
  };
}
