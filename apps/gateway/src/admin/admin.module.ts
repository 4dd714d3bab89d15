import { Module } from '@nestjs/common';

import { FaultsAdminController } from './faults/faults-admin.controller';
import { FaultsAdminService } from './faults/faults-admin.service';
import { ResilienceSettingsModule } from './resilience/resilience-settings.module';

/**
 * Operator routes: fault injection and runtime resilience settings of every app (admin key required).
 * The in-process fault flags (LocalFaults) come from the global GatewayCommonModule, so the
 * routes here and the calls that honour them share one instance.
 */
@Module({
  imports: [ResilienceSettingsModule],
  controllers: [FaultsAdminController],
  providers: [FaultsAdminService],
})
export class AdminModule {}
