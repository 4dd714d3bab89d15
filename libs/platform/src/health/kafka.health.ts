import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { Admin, Kafka } from 'kafkajs';

import { kafkaClientConfig } from '../kafka/kafka-options';
import { TrackedServerKafka } from '../kafka/tracked-server-kafka';

const PING_TIMEOUT_MS = 1500;

/**
 * Kafka readiness: the broker answers a metadata request now, and, where the app consumes,
 * its consumer has joined its group.
 */
@Injectable()
export class KafkaHealthIndicator implements OnApplicationShutdown {
  private admin: Admin | undefined;
  private readonly servers = new Map<string, TrackedServerKafka>();

  constructor(private readonly indicator: HealthIndicatorService) {}

  /** Called by the bootstrap for each Kafka server of the app (`main`, and any dedicated one). */
  trackServer(name: string, server: TrackedServerKafka): void {
    this.servers.set(name, server);
  }

  configure(clientId: string, brokers: string): void {
    this.admin = new Kafka({ ...kafkaClientConfig(`${clientId}-health`, brokers), retry: { retries: 0 } }).admin();
  }

  async check(key = 'kafka') {
    const session = this.indicator.check(key);
    if (!this.admin) return session.down({ message: 'Kafka health check not configured' });
    try {
      await withTimeout(this.probeBroker(this.admin), PING_TIMEOUT_MS);
    } catch (error) {
      return session.down({ message: `broker unreachable: ${(error as Error).message}` });
    }
    if (this.servers.size === 0) return session.up();
    const servers = [...this.servers];
    const consumers = Object.fromEntries(servers.map(([name, server]) => [name, server.consumerState]));
    const notJoined = servers.find(([, server]) => server.consumerState !== 'joined');
    // `consumer` is the main consumer's state, as before dedicated consumers existed.
    const details = { consumer: this.servers.get('main')?.consumerState, consumers };
    return notJoined ? session.down({ ...details, message: notJoined[1].lastError }) : session.up(details);
  }

  private async probeBroker(admin: Admin): Promise<void> {
    await admin.connect();
    await admin.describeCluster();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.admin?.disconnect();
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
