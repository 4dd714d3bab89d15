import { randomUUID } from 'node:crypto';

import { Consumer, Kafka, Producer } from 'kafkajs';
import { createPool, Pool } from 'mysql2/promise';

/**
 * The floor: what an order's parts cost with nothing of ours around them. No Nest, no TypeORM:
 * one process with kafkajs and mysql2 passes each "order" along a chain of `hops` Kafka messages
 * (keyed by order, on a topic of its own on the fleet's broker), and makes `commits` durable
 * single-row commits in the fleet's MariaDB along the way, spread over the hops; the order is done
 * when its last message is consumed. Same broker, same database server, same delivery guarantees
 * (acks from all in-sync replicas, one message at a time per partition, offsets committed once a
 * second), so the difference between an order and a floor order is our code.
 */
export const FLOOR_TOPIC = 'bench.floor';
const PARTITIONS = 3;

export interface FloorShape {
  hops: number;
  commits: number;
}

interface Hop {
  orderId: string;
  hop: number;
}

export class Floor {
  private readonly producer: Producer;
  private readonly consumer: Consumer;
  private readonly pool: Pool;
  private readonly waiting = new Map<string, () => void>();
  private shape: FloorShape = { hops: 1, commits: 0 };

  constructor(
    private readonly kafka: Kafka,
    private readonly database: string,
  ) {
    this.producer = kafka.producer({ allowAutoTopicCreation: false });
    this.consumer = kafka.consumer({ groupId: `bench-floor-${process.pid}`, maxWaitTimeInMs: 1_000 });
    this.pool = createPool({ host: '127.0.0.1', user: 'root', database: database, connectionLimit: 10 });
  }

  static async prepare(kafka: Kafka, database: string): Promise<Floor> {
    const admin = kafka.admin();
    await admin.connect();
    if (!(await admin.listTopics()).includes(FLOOR_TOPIC))
      await admin.createTopics({ topics: [{ topic: FLOOR_TOPIC, numPartitions: PARTITIONS }], waitForLeaders: true });
    await admin.disconnect();
    const { createConnection } = await import('mysql2/promise');
    const db = await createConnection({ host: '127.0.0.1', user: 'root' });
    await db.query(`CREATE DATABASE IF NOT EXISTS \`${database}\``);
    await db.query(
      `CREATE TABLE IF NOT EXISTS \`${database}\`.floor_commits (id BIGINT AUTO_INCREMENT PRIMARY KEY, order_id CHAR(36) NOT NULL, hop INT NOT NULL, at DATETIME(3) NOT NULL) ENGINE=InnoDB`,
    );
    await db.end();
    const floor = new Floor(kafka, database);
    await floor.start();
    return floor;
  }

  private async start(): Promise<void> {
    await this.producer.connect();
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [FLOOR_TOPIC], fromBeginning: false });
    const fetching = new Promise<void>((resolve) => {
      const off = this.consumer.on(this.consumer.events.FETCH_START, () => {
        off();
        resolve();
      });
    });
    await this.consumer.run({
      autoCommitInterval: 1_000,
      partitionsConsumedConcurrently: PARTITIONS,
      eachMessage: async ({ message }) => this.onHop(JSON.parse(message.value!.toString()) as Hop),
    });
    await fetching;
  }

  /** Commits of hop `hop`: the order's commits spread evenly over its hops. */
  private commitsAt(hop: number): number {
    const { hops, commits } = this.shape;
    return Math.floor(((hop + 1) * commits) / hops) - Math.floor((hop * commits) / hops);
  }

  private async onHop(message: Hop): Promise<void> {
    for (let i = 0; i < this.commitsAt(message.hop); i++)
      await this.pool.query('INSERT INTO floor_commits (order_id, hop, at) VALUES (?, ?, NOW(3))', [
        message.orderId,
        message.hop,
      ]);
    if (message.hop + 1 < this.shape.hops) await this.send({ orderId: message.orderId, hop: message.hop + 1 });
    else {
      this.waiting.get(message.orderId)?.();
      this.waiting.delete(message.orderId);
    }
  }

  private async send(message: Hop): Promise<void> {
    await this.producer.send({
      topic: FLOOR_TOPIC,
      messages: [{ key: message.orderId, value: JSON.stringify(message) }],
    });
  }

  /**
   * One floor order: resolves with its latency in ms once its last hop is consumed, or undefined
   * after `timeoutMs` (a lost hop must not stall the closed loop for good).
   */
  async order(timeoutMs: number): Promise<number | undefined> {
    const orderId = randomUUID();
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const done = new Promise<boolean>((resolve) => {
      this.waiting.set(orderId, () => resolve(true));
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    await this.send({ orderId, hop: 0 });
    const finished = await done;
    clearTimeout(timer);
    this.waiting.delete(orderId);
    return finished ? Date.now() - started : undefined;
  }

  setShape(shape: FloorShape): void {
    this.shape = { hops: Math.max(1, Math.round(shape.hops)), commits: Math.round(shape.commits) };
  }

  get hops(): number {
    return this.shape.hops;
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
    await this.producer.disconnect();
    await this.pool.end();
  }
}
