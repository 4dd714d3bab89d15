import { Global, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { RESILIENCE_DEPENDENCIES } from '@shop/contracts';
import { ResilienceModule } from '@shop/resilience/nest';

import { LocalFaults } from '../admin/faults/local-faults';
import { AdminKeyGuard } from './admin-key.guard';
import { ApiExceptionFilter } from './api-exception.filter';
import { GATEWAY_SETTINGS, GatewaySettingsModule } from './gateway-settings';
import { rateLimitOptions } from './rate-limit';

/**
 * What every gateway route gets: the error filter, the per-client rate limit, the resilience
 * registry (dependencies and compartments), the admin guard and the in-process fault flags.
 */
@Global()
@Module({
  imports: [
    ResilienceModule.forRoot({ service: 'gateway', dependencies: RESILIENCE_DEPENDENCIES.gateway }),
    GatewaySettingsModule,
    ThrottlerModule.forRootAsync({
      imports: [GatewaySettingsModule],
      inject: [ConfigService, GATEWAY_SETTINGS],
      useFactory: rateLimitOptions,
    }),
  ],
  providers: [
    { provide: APP_FILTER, useClass: ApiExceptionFilter },
    { provide: APP_GUARD, useClass: ThrottlerGuard },
    AdminKeyGuard,
    LocalFaults,
  ],
  exports: [AdminKeyGuard, LocalFaults],
})
export class GatewayCommonModule {}
