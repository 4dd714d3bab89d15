import { Controller, Get } from '@nestjs/common';

import { SystemStatus, SystemStatusService } from './system-status.service';

@Controller('api/system')
export class SystemController {
  constructor(private readonly systemStatus: SystemStatusService) {}

  /** Asks every backend service over Kafka; answers within the deadline whatever they do. */
  @Get('status')
  status(): Promise<SystemStatus> {
    return this.systemStatus.collect();
  }
}
