import { Body, Controller, Get, NotFoundException, Param, Patch } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DependencySettings, DependencySummary, ResilienceRegistry } from '@shop/resilience';

import { AdminOnly } from '../../common/admin-only.decorator';

export interface ResilienceOverview {
  dependencies: Record<string, DependencySummary & { settings: DependencySettings }>;
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
  @ApiBody({ schema: { type: 'object', example: { timeoutMs: 500, bulkhead: { maxConcurrent: 8 } } } })
  update(
    @Param('dependency') dependency: string,
    @Body() patch: Record<string, unknown>,
  ): { dependency: string; settings: DependencySettings; summary: DependencySummary } {
    if (!this.registry.has(dependency))
      throw new NotFoundException(
        `no resilience dependency ${dependency} (known: ${this.registry.names().join(', ')})`,
      );
    const settings = this.registry.update(dependency, patch);
    return { dependency, settings, summary: this.registry.get(dependency).summary() };
  }
}
