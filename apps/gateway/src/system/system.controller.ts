import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { SYSTEM_STATUS_SCHEMA } from './dto/system-status.schema';
import { SystemStatus, SystemStatusService } from './system-status.service';

@ApiTags('system')
@Controller('api/system')
export class SystemController {
  constructor(private readonly systemStatus: SystemStatusService) {}

  /** Asks every backend service over Kafka; answers within the deadline whatever they do. */
  @Get('status')
  @ApiOperation({ summary: 'Every backend service: up, degraded or down, with the reason' })
  @ApiOkResponse({
    description: 'The fleet’s status (a down service is reported, not an error)',
    schema: SYSTEM_STATUS_SCHEMA,
  })
  status(): Promise<SystemStatus> {
    return this.systemStatus.collect();
  }
}
