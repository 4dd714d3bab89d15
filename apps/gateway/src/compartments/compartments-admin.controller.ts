import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ResilienceRegistry } from '@shop/resilience';
import { IsBoolean } from 'class-validator';

import { AdminOnly } from '../common/admin-only.decorator';
import { ApiErrors, BODY_ERRORS } from '../docs/api-errors';
import { compartmentDependency, COMPARTMENTS, SHARED_CAPACITY } from './compartment';
import { COMPARTMENTS_STATUS_SCHEMA, CompartmentsStatus } from './compartments.schemas';
import { CompartmentsState } from './compartments.state';

export class CompartmentsToggleDto {
  @ApiProperty({
    description: 'On: per-compartment bulkheads and priorities. Off: one shared first-come-first-served pool.',
    example: true,
  })
  @IsBoolean()
  enabled!: boolean;
}

@ApiTags('admin')
@AdminOnly()
@Controller('api/admin/compartments')
export class CompartmentsAdminController {
  constructor(
    private readonly state: CompartmentsState,
    private readonly registry: ResilienceRegistry,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Whether compartments are on, and each compartment’s bulkhead use' })
  @ApiOkResponse({ description: 'The compartments', schema: COMPARTMENTS_STATUS_SCHEMA })
  status(): CompartmentsStatus {
    return {
      enabled: this.state.enabled,
      shared: this.registry.get(SHARED_CAPACITY).summary(),
      compartments: Object.fromEntries(
        COMPARTMENTS.map((c) => [c, this.registry.get(compartmentDependency(c)).summary()]),
      ) as CompartmentsStatus['compartments'],
    };
  }

  @Put()
  @ApiOperation({ summary: 'Switch compartments on or off at runtime' })
  @ApiOkResponse({ description: 'The compartments now', schema: COMPARTMENTS_STATUS_SCHEMA })
  @ApiErrors(BODY_ERRORS)
  toggle(@Body() body: CompartmentsToggleDto): CompartmentsStatus {
    this.state.enabled = body.enabled;
    return this.status();
  }
}
