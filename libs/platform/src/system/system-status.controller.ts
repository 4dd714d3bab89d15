import { Controller, Logger, Type } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { BackendService, ServiceStatusReply, ServiceStatusRequest, statusTopic } from '@shop/contracts';

import { appVersion } from '../bootstrap/app-version';
import { ReadinessRegistry } from '../health/readiness.registry';

/**
 * Builds the Kafka handler that answers the gateway's status request for one service. A factory,
 * because a message pattern is fixed when the class is declared and each service has its own topic.
 */
export function systemStatusController(service: BackendService): Type<unknown> {
  const version = appVersion();

  @Controller()
  class SystemStatusController {
    private readonly logger = new Logger('SystemStatus');

    constructor(private readonly readiness: ReadinessRegistry) {}

    /** The status is what readiness says now (MySQL, Kafka, Redis, breakers), with the reason. */
    @MessagePattern(statusTopic(service))
    async status(@Payload() request: ServiceStatusRequest): Promise<ServiceStatusReply> {
      this.logger.log({ msg: 'status requested', requestSentAt: request.sentAt });
      const report = await this.readiness.report();
      return {
        name: service,
        version,
        status: report.status,
        ready: report.ready,
        ...(report.reason ? { reason: report.reason } : {}),
        checks: Object.fromEntries(Object.entries(report.checks).map(([name, c]) => [name, c.status])),
        uptimeSeconds: Math.round(process.uptime()),
        answeredAt: new Date().toISOString(),
      };
    }
  }
  return SystemStatusController;
}
