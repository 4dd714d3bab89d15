import type { DeadLetter, Entry } from './write-behind.options';
import type { FlushQueue, StoreRedis } from './write-behind.redis';

/** The entries MySQL kept rejecting, kept in Redis until replayed or discarded. */
export class DeadLetters<T> {
  constructor(
    private readonly redis: StoreRedis,
    private readonly queue: FlushQueue,
  ) {}

  /** Dead letters, oldest failure first. */
  async list(options: { offset?: number; limit?: number } = {}): Promise<DeadLetter<T>[]> {
    const offset = Math.max(0, options.offset ?? 0);
    const limit = Math.min(Math.max(1, options.limit ?? 100), 1_000);
    const entryIds = await this.redis.client.zrange(this.redis.key('deadIndex'), offset, offset + limit - 1);
    if (entryIds.length === 0) return [];
    const raws = await this.redis.client.hmget(this.redis.key('dead'), ...entryIds);
    const letters: DeadLetter<T>[] = [];
    for (const raw of raws) {
      if (!raw) continue;
      const letter = JSON.parse(raw) as { entry: string; error: string; attempts: number; failedAt: number };
      const entry = JSON.parse(letter.entry) as Entry;
      letters.push({
        entryId: entry.m,
        id: entry.k,
        version: entry.v,
        value: entry.e as T,
        acceptedAt: new Date(entry.t),
        failedAt: new Date(letter.failedAt),
        attempts: letter.attempts,
        error: letter.error,
      });
    }
    return letters;
  }

  /** Puts dead letters back into the flush flow (all when `entryIds` is omitted); returns how many. */
  async replay(entryIds?: string[]): Promise<number> {
    const ids = entryIds ?? (await this.redis.client.zrange(this.redis.key('deadIndex'), 0, -1));
    let replayed = 0;
    for (let i = 0; i < ids.length; i += 1_000) {
      replayed += Number(await this.redis.run('replay', ...ids.slice(i, i + 1_000)));
    }
    if (replayed > 0) await this.queue.enqueue(0);
    return replayed;
  }

  /** Deletes dead letters for good; returns how many. */
  async discard(entryIds: string[]): Promise<number> {
    if (entryIds.length === 0) return 0;
    return Number(await this.redis.run('discard', ...entryIds));
  }
}
