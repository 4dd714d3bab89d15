import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query, UseFilters } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { AdminOnly } from '../common/admin-only.decorator';
import { ApiErrors, BODY_ERRORS } from '../docs/api-errors';
import { ActivityLogService } from './activity-log.service';
import { WriteBehindRefusalFilter } from './backlog-full.filter';
import { CreateLogEntryDto } from './dto/create-log-entry.dto';
import { ListLogsQuery } from './dto/list-logs.query';
import { LOG_ACCEPTED_SCHEMA, LOG_PAGE_SCHEMA, LOG_STATS_SCHEMA } from './dto/log.schemas';
import { LogAccepted, LogPage, LogStats } from './dto/log-entry.view';

@ApiTags('activity-log')
@Controller('api/logs')
@UseFilters(WriteBehindRefusalFilter)
export class ActivityLogController {
  constructor(private readonly logs: ActivityLogService) {}

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Log an entry: stored in Redis at once, flushed to MySQL in batches' })
  @ApiAcceptedResponse({ description: 'Stored; flushed to MySQL with the next batch', schema: LOG_ACCEPTED_SCHEMA })
  @ApiErrors({
    ...BODY_ERRORS,
    400: `${BODY_ERRORS[400]}; context over 8 KB included`,
    503: 'Backlog full (MySQL has been away too long) or this instance is shutting down; see Retry-After',
  })
  record(@Body() body: CreateLogEntryDto): Promise<LogAccepted> {
    return this.logs.record(body);
  }

  @Get()
  @AdminOnly()
  @ApiOperation({ summary: 'Entries newest first, including ones not yet flushed; cursor pagination' })
  @ApiOkResponse({ description: 'One page', schema: LOG_PAGE_SCHEMA })
  @ApiErrors({ 400: 'A bad query parameter (`field` names which)' })
  list(@Query() query: ListLogsQuery): Promise<LogPage> {
    return this.logs.list(query);
  }

  @Get('stats')
  @AdminOnly()
  @ApiOperation({ summary: 'Written, pending, flushed, failed and dead-lettered entries, batch size and lag' })
  @ApiOkResponse({ description: 'The counters', schema: LOG_STATS_SCHEMA })
  stats(): Promise<LogStats> {
    return this.logs.stats();
  }
}
