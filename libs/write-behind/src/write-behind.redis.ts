import Bull from 'bull';
import Redis, { RedisOptions } from 'ioredis';

import {
  ACK_SCRIPT,
  CLAIM_SCRIPT,
  DISCARD_SCRIPT,
  EXPAND_SCRIPT,
  KEY_NAMES,
  KeyName,
  REJECT_SCRIPT,
  RELEASE_SCRIPT,
  REPLAY_SCRIPT,
  WRITE_SCRIPT,
} from './redis-scripts';
import { describeError } from './write-behind.errors';
import type { WriteBehindLogger } from './write-behind.options';

type ScriptRunner = (keys: string[], ...args: (string | number)[]) => Promise<unknown>;
type ScriptName = 'write' | 'expand' | 'claim' | 'ack' | 'release' | 'reject' | 'replay' | 'discard';

/** The Redis side of one store: its connection, its key names and its Lua scripts. */
export class StoreRedis {
  readonly client: Redis;
  readonly keys: string[];
  readonly scripts: Record<ScriptName, ScriptRunner>;

  constructor(name: string, keyPrefix: string, options: RedisOptions, logger: WriteBehindLogger) {
    const prefix = `${keyPrefix}:{${name}}:`;
    this.keys = KEY_NAMES.map((key: KeyName) => prefix + key);
    this.client = new Redis({ ...options, enableAutoPipelining: true });
    this.client.on('error', (error) => logger.warn(`write-behind ${name}: redis: ${error.message}`));
    this.scripts = {
      write: this.defineScript('wbWrite', WRITE_SCRIPT),
      expand: this.defineScript('wbExpand', EXPAND_SCRIPT),
      claim: this.defineScript('wbClaim', CLAIM_SCRIPT),
      ack: this.defineScript('wbAck', ACK_SCRIPT),
      release: this.defineScript('wbRelease', RELEASE_SCRIPT),
      reject: this.defineScript('wbReject', REJECT_SCRIPT),
      replay: this.defineScript('wbReplay', REPLAY_SCRIPT),
      discard: this.defineScript('wbDiscard', DISCARD_SCRIPT),
    };
  }

  /** Runs one of the store's scripts on its keys. */
  run(script: ScriptName, ...args: (string | number)[]): Promise<unknown> {
    return this.scripts[script](this.keys, ...args);
  }

  key(name: KeyName): string {
    return this.keys[KEY_NAMES.indexOf(name)];
  }

  async close(): Promise<void> {
    await this.client.quit().catch(() => this.client.disconnect());
  }

  private defineScript(command: string, lua: string): ScriptRunner {
    this.client.defineCommand(command, { lua, numberOfKeys: KEY_NAMES.length });
    const redis = this.client as unknown as Record<string, (...args: (string | number)[]) => Promise<unknown>>;
    return (keys, ...args) => redis[command](...keys, ...args);
  }
}

const FLUSH_JOB = 'flush';

/**
 * The Bull queue whose jobs wake flush workers up. Jobs carry nothing: pending entries are
 * the source of truth, so a lost job only delays a flush until the next sweep.
 */
export class FlushQueue {
  private readonly queue: Bull.Queue;

  constructor(
    private readonly name: string,
    keyPrefix: string,
    redis: RedisOptions,
    private readonly sweepIntervalMs: number,
    private readonly logger: WriteBehindLogger,
    private readonly isClosed: () => boolean,
  ) {
    this.queue = new Bull(`write-behind-${name}`, {
      redis,
      prefix: `${keyPrefix}:bull`,
      defaultJobOptions: { removeOnComplete: true, removeOnFail: true, attempts: 1 },
    });
    this.queue.on('error', (error) => this.logger.warn(`write-behind ${name}: queue: ${error.message}`));
  }

  /** Runs `drain` for every flush job, `concurrency` at a time. Resolves only when the queue closes. */
  process(concurrency: number, drain: () => Promise<void>): Promise<void> {
    return this.queue.process(FLUSH_JOB, concurrency, drain);
  }

  // Delayed jobs are de-duplicated per time slot: many workers finding the same lease or
  // retry due date schedule one job, not one each.
  async enqueue(delayMs: number, kind?: 'sweep' | 'due'): Promise<void> {
    if (this.isClosed()) return;
    const options: Bull.JobOptions = { delay: Math.max(0, Math.ceil(delayMs)) };
    if (kind) {
      const slotMs = kind === 'sweep' ? this.sweepIntervalMs : 100;
      options.jobId = `${kind}:${Math.ceil((Date.now() + delayMs) / slotMs)}`;
    }
    try {
      await this.queue.add(FLUSH_JOB, {}, options);
    } catch (error) {
      this.logger.warn(
        `write-behind ${this.name}: could not enqueue a flush (${describeError(error)}); the sweep will pick it up`,
      );
    }
  }

  async close(): Promise<void> {
    await this.queue.close().catch(() => undefined);
  }
}
