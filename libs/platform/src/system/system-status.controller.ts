import { Controller, Logger, Type } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { BackendService, ServiceStatusReply, ServiceStatusRequest, statusTopic } from '@shop/contracts';

import { appVersion } from '../bootstrap/app-version';

/**
 * Builds the Kafka handler that answers the gateway's status request for one service. A factory,
 * because a message pattern is fixed when the class is declared and each service has its own topic.
 */
export function systemStatusController(service: BackendService): Type<unknown> {
  const version = appVersion();

  @Controller()
  class SystemStatusController {
    private readonly logger = new Logger('SystemStatus');

    @MessagePattern(statusTopic(service))
    status(@Payload() request: ServiceStatusRequest): ServiceStatusReply {
      this.logger.log({ msg: 'status requested', requestSentAt: request.sentAt });
      return {
        name: service,
        version,
        status: 'up',
        uptimeSeconds: Math.round(process.uptime()),
        answeredAt: new Date().toISOString(),
      };
    }
  }
  return SystemStatusController;
}
