import { Injectable, OnModuleInit } from '@nestjs/common';
import {
  BACKEND_SERVICES,
  BackendService,
  ServiceStatusReply,
  STATUS_DEPENDENCIES,
  statusTopic,
} from '@shop/contracts';
import { isBrokenCircuitError, isTimeoutError, ResilienceRegistry, ResilientDependency } from '@shop/resilience';

import { KafkaRequestClient } from '../kafka/kafka-request.client';

export interface ServiceStatusEntry {
  name: BackendService;
  status: 'up' | 'degraded' | 'down';
  version?: string;
  roundTripMs: number;
  /** Why not `up`: the service's failing readiness checks, or why it did not answer. */
  reason?: string;
  /** The service's readiness checks as it reported them. */
  checks?: Record<string, 'up' | 'degraded' | 'down'>;
}

export interface SystemStatus {
  status: 'up' | 'degraded';
  checkedAt: string;
  deadlineMs: number;
  services: ServiceStatusEntry[];
}

/** The resilience dependency through which the gateway asks `service` over Kafka. */
export const statusDependencyOf = (service: BackendService): string => STATUS_DEPENDENCIES[service];

/**
 * Asks every backend service for its status over Kafka request-reply, each call through the
 * service's resilience stack (`<service>_service` in config/resilience.yaml): a timeout that
 * really abandons the pending reply (its `timeoutMs` is the status deadline), and a breaker, so
 * a service that keeps not answering is reported at once ("circuit open") instead of costing
 * every status call its full deadline.
 */
@Injectable()
export class SystemStatusService implements OnModuleInit {
  private readonly dependencies = new Map<BackendService, ResilientDependency>();

  constructor(
    private readonly kafka: KafkaRequestClient,
    private readonly registry: ResilienceRegistry,
  ) {}

  onModuleInit(): void {
    for (const service of BACKEND_SERVICES)
      this.dependencies.set(service, this.registry.get(statusDependencyOf(service)));
  }

  /** The longest status deadline (settings may change at runtime, so read per call). */
  private deadlineOf(service: BackendService): number {
    return this.dependencies.get(service)!.settings.timeoutMs ?? 0;
  }

  async collect(): Promise<SystemStatus> {
    const services = await Promise.all(BACKEND_SERVICES.map((service) => this.ask(service)));
    return {
      status: services.every((s) => s.status === 'up') ? 'up' : 'degraded',
      checkedAt: new Date().toISOString(),
      deadlineMs: Math.max(...BACKEND_SERVICES.map((s) => this.deadlineOf(s))),
      services,
    };
  }

  private async ask(service: BackendService): Promise<ServiceStatusEntry> {
    const started = performance.now();
    const elapsed = () => Math.round((performance.now() - started) * 10) / 10;
    try {
      const reply = await this.dependencies
        .get(service)!
        .execute(
          ({ signal }) =>
            this.kafka.request<ServiceStatusReply>(statusTopic(service), { sentAt: new Date().toISOString() }, signal),
          {
            idempotent: true,
          },
        );
      return {
        name: service,
        status: reply.status,
        version: reply.version,
        roundTripMs: elapsed(),
        ...(reply.reason ? { reason: reply.reason } : {}),
        ...(reply.checks ? { checks: reply.checks } : {}),
      };
    } catch (error) {
      return {
        name: service,
        status: 'down',
        roundTripMs: elapsed(),
        reason: describeFailure(error, this.deadlineOf(service)),
      };
    }
  }
}

function describeFailure(error: unknown, deadlineMs: number): string {
  if (isTimeoutError(error)) return `no reply within ${deadlineMs} ms`;
  if (isBrokenCircuitError(error)) return `not asked: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
