import { Global, Module } from '@nestjs/common';
import { validateEnvWith } from '@shop/platform';
import { IsIn, IsInt, IsOptional, IsUrl, Max, Min } from 'class-validator';

/**
 * Gateway settings beyond the platform's GatewayEnv, checked at start-up like it: a bad value
 * stops the gateway with exit code 1 and a message naming the variable.
 */
export class GatewaySettings {
  /** Requests per client and route per window (see rate-limit.ts). */
  @IsInt()
  @Min(1)
  THROTTLE_LIMIT: number = 1_000;

  @IsInt()
  @Min(100)
  @Max(3_600_000)
  THROTTLE_TTL_MS: number = 1_000;

  /** Priority compartments at start (switchable at runtime). */
  @IsIn(['true', 'false'], { message: 'COMPARTMENTS_ENABLED must be true or false' })
  COMPARTMENTS_ENABLED: 'true' | 'false' = 'true';

  /** The ML advisor: recommendations (product pages read the catalogue from inventory, over Kafka). */
  @IsUrl(
    { require_tld: false, require_protocol: true, protocols: ['http', 'https'] },
    { message: 'ML_ADVISOR_URL must be an http(s) URL' },
  )
  ML_ADVISOR_URL: string = 'http://127.0.0.1:3005';

  /** The tracing UI (Zipkin) the dashboard links each saga's trace to; unset, no links. */
  @IsUrl(
    { require_tld: false, require_protocol: true, protocols: ['http', 'https'] },
    { message: 'TRACE_UI_URL must be an http(s) URL' },
  )
  @IsOptional()
  TRACE_UI_URL?: string;
}

export const GATEWAY_SETTINGS = Symbol('GATEWAY_SETTINGS');

/** Provides the validated {@link GatewaySettings} under {@link GATEWAY_SETTINGS}. */
@Global()
@Module({
  providers: [
    { provide: GATEWAY_SETTINGS, useFactory: (): GatewaySettings => validateEnvWith(GatewaySettings)(process.env) },
  ],
  exports: [GATEWAY_SETTINGS],
})
export class GatewaySettingsModule {}
