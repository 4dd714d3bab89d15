import { Module } from '@nestjs/common';

import { FleetResilienceSettings } from './fleet-resilience-settings';
import { ResilienceAdminController } from './resilience-admin.controller';

/**
 * The resilience settings of every app, read and changed at runtime (admin routes), and read by
 * the dashboard: one client of the owning apps, FleetResilienceSettings.
 */
@Module({
  controllers: [ResilienceAdminController],
  providers: [FleetResilienceSettings],
  exports: [FleetResilienceSettings],
})
export class ResilienceSettingsModule {}
