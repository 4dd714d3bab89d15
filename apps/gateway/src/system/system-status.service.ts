import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { BACKEND_SERVICES, BackendService, ServiceStatusReply, statusTopic } from '@shop/contracts';
import { KafkaRequestClient } from '../kafka/kafka-request.client';

export interface ServiceStatusEntry {
  name: BackendService;
  status: 'up' | 'degraded' | 'down';
  version?: string;
  roundTripMs: number;
  reason?: string;
}

export interface SystemStatus {
  status: 'up' | 'degraded';
  checkedAt: string;
  deadlineMs: number;
  services: ServiceStatusEntry[];
}

@Injectable()
export class SystemStatusService {
  private readonly deadlineMs: number;

  constructor(
    private readonly kafka: KafkaRequestClient,
    config: ConfigService,
  ) {
    this.deadlineMs = config.getOrThrow<number>('STATUS_DEADLINE_MS');
  }

  async collect(): Promise<SystemStatus> {
    const services = await Promise.all(BACKEND_SERVICES.map((service) => this.ask(service)));
    return {
      status: services.every((s) => s.status === 'up') ? 'up' : 'degraded',
      checkedAt: new Date().toISOString(),
      deadlineMs: this.deadlineMs,
      services,
    };
  }

  private async ask(service: BackendService): Promise<ServiceStatusEntry> {
    const started = performance.now();
    const elapsed = () => Math.round((performance.now() - started) * 10) / 10;
    try {
      const reply = await this.kafka.request<ServiceStatusReply>(
        statusTopic(service),
        { sentAt: new Date().toISOString() },
        AbortSignal.timeout(this.deadlineMs),
      );
      return { name: service, status: reply.status, version: reply.version, roundTripMs: elapsed() };
    } catch (error) {
      return { name: service, status: 'down', roundTripMs: elapsed(), reason: describeFailure(error, this.deadlineMs) };
    }
  }
}

function describeFailure(error: unknown, deadlineMs: number): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') return `no reply within ${deadlineMs} ms`;
  return error instanceof Error ? error.message : String(error);
}
