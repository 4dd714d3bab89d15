import { Body, Controller, Get, NotFoundException, Param, Patch } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { RESILIENCE_DEPENDENCIES } from '@shop/contracts';
import { DependencySettings, DependencySummary, ResilienceRegistry } from '@shop/resilience';

import { AdminOnly } from '../../common/admin-only.decorator';
import { ApiErrors, BODY_ERRORS } from '../../docs/api-errors';
import {
  DEPENDENCY_UPDATE_SCHEMA,
  RESILIENCE_OVERVIEW_SCHEMA,
  SETTINGS_PATCH_EXAMPLE,
  SETTINGS_SCHEMA,
} from '../dto/admin.schemas';

export interface ResilienceOverview {
  dependencies: Record<string, DependencySummary & { settings: DependencySettings }>;
}

/** What a settings change answers. */
export interface DependencyUpdate {
  dependency: string;
  settings: DependencySettings;
  summary: DependencySummary;
}

@ApiTags('admin')
@AdminOnly()
@Controller('api/admin/resilience')
export class ResilienceAdminController {
  constructor(private readonly registry: ResilienceRegistry) {}

  @Get()
  @ApiOperation({
    summary: 'Every dependency: breaker state, bulkhead use, success rate, latency percentiles and settings',
  })
  @ApiOkResponse({ description: 'The gateway’s dependencies', schema: RESILIENCE_OVERVIEW_SCHEMA })
  overview(): ResilienceOverview {
    const summary = this.registry.summary();
    return {
      dependencies: Object.fromEntries(
        Object.entries(summary).map(([name, s]) => [name, { ...s, settings: this.registry.get(name).settings }]),
      ),
    };
  }

  /**
   * Changes a dependency's settings now, without a restart; the body is deep-merged into its
   * settings (e.g. `{ "timeoutMs": 500 }` or `{ "bulkhead": { "maxConcurrent": 4 } }`). The
   * registry validates it: an unknown key or bad value answers 400 naming the key.
   */
  @Patch(':dependency')
  @ApiOperation({ summary: 'Update a dependency’s resilience settings at runtime' })
  @ApiParam({
    name: 'dependency',
    description: 'One of the gateway’s dependencies (another name answers 404)',
    schema: { type: 'string', enum: [...RESILIENCE_DEPENDENCIES.gateway] },
  })
  @ApiBody({
    description: 'Deep-merged into the current settings; validated with the schema of config/resilience.yaml',
    schema: { ...SETTINGS_SCHEMA, example: SETTINGS_PATCH_EXAMPLE },
  })
  @ApiOkResponse({ description: 'The settings now in force', schema: DEPENDENCY_UPDATE_SCHEMA })
  @ApiErrors({
    ...BODY_ERRORS,
    400: `${BODY_ERRORS[400]}; or a setting of the wrong type, out of bounds or unknown (\`field\` is its key path)`,
    404: 'The gateway has no such dependency',
  })
  update(@Param('dependency') dependency: string, @Body() patch: Record<string, unknown>): DependencyUpdate {
    if (!this.registry.has(dependency))
      throw new NotFoundException(
        `no resilience dependency ${dependency} (known: ${this.registry.names().join(', ')})`,
      );
    const settings = this.registry.update(dependency, patch);
    return { dependency, settings, summary: this.registry.get(dependency).summary() };
  }
}
