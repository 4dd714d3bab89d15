import { Module } from '@nestjs/common';

import { ResilienceSettingsModule } from '../admin/resilience/resilience-settings.module';
import { DashboardPageController } from './dashboard-page.controller';
import { DashboardStateController } from './dashboard-state.controller';
import { FleetResilienceService } from './fleet-resilience.service';
import { SagaTraceService } from './saga-trace.service';
import { ScenariosController } from './scenarios.controller';
import { ScenariosService } from './scenarios.service';

/** The live dashboard at `/dashboard`, the state it polls, and the scenarios it runs. */
@Module({
  imports: [ResilienceSettingsModule],
  controllers: [DashboardPageController, DashboardStateController, ScenariosController],
  providers: [FleetResilienceService, SagaTraceService, ScenariosService],
})
export class DashboardModule {}
