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
  private server: TrackedServerKafka | undefined;

  constructor(private readonly indicator: HealthIndicatorService) {}

  /** Called by the bootstrap once the app's Kafka server exists. */
  trackServer(server: TrackedServerKafka): void {
    this.server = server;
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
    if (this.server && this.server.consumerState !== 'joined') {
      return session.down({ consumer: this.server.consumerState, message: this.server.lastError });
    }
    return session.up(this.server ? { consumer: this.server.consumerState } : {});
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
