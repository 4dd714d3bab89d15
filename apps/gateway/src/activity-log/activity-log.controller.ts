import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query, UseFilters } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { AdminOnly } from '@shop/platform';

import { ActivityLogService } from './activity-log.service';
import { WriteBehindRefusalFilter } from './backlog-full.filter';
import { CreateLogEntryDto } from './dto/create-log-entry.dto';
import { ListLogsQuery } from './dto/list-logs.query';
import { LogAccepted, LogPage, LogStats } from './dto/log-entry.view';

@ApiTags('activity-log')
@Controller('api/logs')
@UseFilters(WriteBehindRefusalFilter)
export class ActivityLogController {
  constructor(private readonly logs: ActivityLogService) {}

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Log an entry: stored in Redis at once, flushed to MySQL in batches' })
  @ApiAcceptedResponse({ description: '{ id, accepted: true, pending: true }' })
  @ApiBadRequestResponse({ description: 'A bad field, named in `field` (context over 8 KB included)' })
  @ApiServiceUnavailableResponse({ description: 'Backlog full (the database has been away too long); see Retry-After' })
  record(@Body() body: CreateLogEntryDto): Promise<LogAccepted> {
    return this.logs.record(body);
  }

  @Get()
  @AdminOnly()
  @ApiOperation({ summary: 'Entries newest first, including ones not yet flushed; cursor pagination' })
  list(@Query() query: ListLogsQuery): Promise<LogPage> {
    return this.logs.list(query);
  }

  @Get('stats')
  @AdminOnly()
  @ApiOperation({ summary: 'Written, pending, flushed, failed and dead-lettered entries, batch size and lag' })
  stats(): Promise<LogStats> {
    return this.logs.stats();
  }
}
