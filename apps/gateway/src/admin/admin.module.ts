import { Module } from '@nestjs/common';

import { FaultsAdminController } from './faults/faults-admin.controller';
import { FaultsAdminService } from './faults/faults-admin.service';
import { ResilienceAdminController } from './resilience/resilience-admin.controller';

/**
 * Operator routes: fault injection and runtime resilience settings (admin key required).
 * The in-process fault flags (LocalFaults) come from the global GatewayCommonModule, so the
 * routes here and the calls that honour them share one instance.
 */
@Module({
  controllers: [FaultsAdminController, ResilienceAdminController],
  providers: [FaultsAdminService],
})
export class AdminModule {}
