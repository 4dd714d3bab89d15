import { Body, Controller, Get, Header, Param, Patch, Res } from '@nestjs/common';
import { ApiBody, ApiExcludeEndpoint, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ResilienceSettingsChange, ServiceResilienceSettings } from '@shop/platform';
import type { Response } from 'express';

import { AdminOnly } from '../../common/admin-only.decorator';
import { ApiErrors, BACKEND_ERRORS, BODY_ERRORS } from '../../docs/api-errors';
import {
  SERVICE_RESILIENCE_SCHEMA,
  SETTINGS_CHANGE_SCHEMA,
  SETTINGS_PATCH_EXAMPLE,
  SETTINGS_SCHEMA,
} from '../dto/admin.schemas';
import { ResilienceDependencyParams, ResilienceServiceParam } from '../dto/resilience-params';
import { FleetResilienceSettings } from './fleet-resilience-settings';

const NAMES = 'service or dependency is not a name (lower-case letters, digits, `-` or `_`)';

/**
 * The resilience settings of every app: read them, and change one dependency's at runtime. The
 * app that owns a dependency applies the change (its registry holds the policies); the gateway's
 * own, `gateway`, go through the same code. Thin: FleetResilienceSettings does the work.
 */
@ApiTags('admin')
@AdminOnly()
@Controller('api/admin/resilience')
export class ResilienceAdminController {
  constructor(private readonly settings: FleetResilienceSettings) {}

  @Get()
  @ApiOperation({
    summary:
      'The gateway’s dependencies: breaker state, bulkhead use, success rate, latency percentiles and settings (the same as GET /api/admin/resilience/gateway)',
  })
  @ApiOkResponse({ description: 'The gateway’s dependencies', schema: SERVICE_RESILIENCE_SCHEMA })
  overview(): Promise<ServiceResilienceSettings> {
    return this.settings.read('gateway');
  }

  @Get(':service')
  @ApiOperation({
    summary: 'One app’s dependencies, as that app reports them (over Kafka): live figures and the settings in force',
  })
  @ApiOkResponse({ description: 'The app’s dependencies', schema: SERVICE_RESILIENCE_SCHEMA })
  @ApiErrors({ 400: NAMES, 404: 'No such app', ...BACKEND_ERRORS })
  read(@Param() { service }: ResilienceServiceParam): Promise<ServiceResilienceSettings> {
    return this.settings.read(service);
  }

  /**
   * Changes a dependency's settings now, without a restart, in the app that owns it; the body is
   * deep-merged into its settings (e.g. `{ "timeoutMs": 500 }` or `{ "bulkhead": { "maxConcurrent": 4 } }`).
   */
  @Patch(':service/:dependency')
  @ApiOperation({
    summary: 'Change a dependency’s resilience settings at runtime, in the app that owns it (over Kafka)',
  })
  @ApiBody({
    description:
      'Deep-merged into the current settings; validated by the owning app with the schema of config/resilience.yaml',
    schema: { ...SETTINGS_SCHEMA, example: SETTINGS_PATCH_EXAMPLE },
  })
  @ApiOkResponse({ description: 'The settings now in force', schema: SETTINGS_CHANGE_SCHEMA })
  @ApiErrors({
    ...BODY_ERRORS,
    400: `${BODY_ERRORS[400]}; a body that is not an object; ${NAMES}; or a setting of the wrong type, out of bounds or unknown (VALIDATION, \`field\` is its key path, e.g. \`resilience.dependencies.payment_provider.timeoutMs\`)`,
    404: 'No such app, or the app has no such dependency (`field` says which)',
    ...BACKEND_ERRORS,
  })
  change(
    @Param() { service, dependency }: ResilienceDependencyParams,
    @Body() patch: Record<string, unknown>,
  ): Promise<ResilienceSettingsChange> {
    return this.settings.change(service, dependency, patch);
  }

  /**
   * The route from before every app's settings could be changed: the gateway's dependency. Kept
   * for the scripts that call it, as an alias of `PATCH gateway/:dependency` that says so in its
   * `Deprecation` and `Link` headers. Left out of the OpenAPI document: there `/{dependency}` and
   * `/{service}` would be the same path, meaning two things.
   */
  @Patch(':dependency')
  @ApiExcludeEndpoint()
  @Header('Deprecation', '@1796601600')
  changeGatewayDependency(
    @Param('dependency') dependency: string,
    @Body() patch: Record<string, unknown>,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ResilienceSettingsChange> {
    res.setHeader('Link', `</api/admin/resilience/gateway/${encodeURIComponent(dependency)}>; rel="successor-version"`);
    return this.settings.change('gateway', dependency, patch);
  }
}
