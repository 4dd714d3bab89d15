import { Injectable } from '@nestjs/common';
import { DeadLetterMessage, DeadLetterView } from '@shop/contracts';
import { enqueueMessage, OutboxRelay } from '@shop/messaging';

import { OrderDomainError } from '../orders/orders.errors';
import { DeadLetterRow, DeadLettersRepository } from './dead-letters.repository';

/**
 * The fleet's dead letters: every message some service gave up on after its retries arrives on
 * `saga.dead-letters` and is kept here until an operator replays it. A replay republishes the
 * original message unchanged (same message id), so the receiver's inbox still guards against a
 * double effect.
 */
@Injectable()
export class DeadLettersService {
  constructor(
    private readonly letters: DeadLettersRepository,
    private readonly outbox: OutboxRelay,
  ) {}

  async record(letter: DeadLetterMessage): Promise<void> {
    await this.letters.insert(letter);
  }

  async list(): Promise<DeadLetterView[]> {
    const rows = await this.letters.newest(500);
    return rows.map(toView);
  }

  async replay(id: string): Promise<DeadLetterView> {
    const view = await this.letters.transaction(async (m) => {
      const row = await this.letters.lock(m, id);
      if (!row) throw new OrderDomainError('NOT_FOUND', `no dead letter ${id}`, 'id');
      await enqueueMessage(m, { topic: row.original_topic, key: row.message_key, payload: JSON.parse(row.payload) });
      const now = new Date();
      await this.letters.markReplayed(m, id, now);
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
