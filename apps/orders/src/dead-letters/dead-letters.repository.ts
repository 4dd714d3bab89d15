import { Injectable } from '@nestjs/common';
import { DeadLetterMessage } from '@shop/contracts';
import { DataSource, EntityManager } from 'typeorm';

export interface DeadLetterRow {
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

/** The fleet's dead letters as kept by orders. */
@Injectable()
export class DeadLettersRepository {
  constructor(private readonly db: DataSource) {}

  /** Keeps a letter once: a redelivered one (same id) is ignored. */
  async insert(letter: DeadLetterMessage): Promise<void> {
    await this.db.query(
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

  newest(limit: number): Promise<DeadLetterRow[]> {
    return this.db.query<DeadLetterRow[]>('SELECT * FROM dead_letters ORDER BY received_at DESC LIMIT ?', [limit]);
  }

  /** The letter, locked until the transaction of `m` ends. */
  async lock(m: EntityManager, id: string): Promise<DeadLetterRow | undefined> {
    const [row] = await m.query<DeadLetterRow[]>('SELECT * FROM dead_letters WHERE id = ? FOR UPDATE', [id]);
    return row;
  }

  async markReplayed(m: EntityManager, id: string, at: Date): Promise<void> {
    await m.query('UPDATE dead_letters SET replayed_at = ?, replay_count = replay_count + 1 WHERE id = ?', [at, id]);
  }

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }
}
