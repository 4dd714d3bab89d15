import {
  IsIn,
  IsInt,
  IsNumberString,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
} from 'class-validator';

import { TRACES_SAMPLERS } from '../tracing/tracing-switch';

const HTTP_URL = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

const HOST_PORT_LIST = /^[^,:\s]+:\d{1,5}(,[^,:\s]+:\d{1,5})*$/;
/** Instrumentation names as OpenTelemetry's Node distributions take them: `mysql2,ioredis`. */
const INSTRUMENTATION_LIST = /^\s*[a-z0-9-]+(\s*,\s*[a-z0-9-]+)*\s*$/;

/** Variables every app needs. Defaults are the dev fleet's; see docs/conventions.md. */
export class ServiceEnv {
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT!: number;

  @Matches(HOST_PORT_LIST, { message: 'KAFKA_BROKERS must be a comma-separated list of host:port' })
  KAFKA_BROKERS!: string;

  @IsIn(['debug', 'info', 'warn', 'error'])
  LOG_LEVEL: 'debug' | 'info' | 'warn' | 'error' = 'info';

  /** How long to wait for in-flight work on shutdown before closing anyway. */
  @IsInt()
  @Min(0)
  SHUTDOWN_GRACE_MS: number = 10_000;

  /**
   * The fleet's resilience YAML; each app loads its own section (`ResilienceModule.forRoot`),
   * `RESILIENCE__<DEPENDENCY>__<KEY>` variables override single keys.
   */
  @IsString()
  RESILIENCE_CONFIG: string = 'config/resilience.yaml';

  /** Set per Deployment by compose and k8s (docs/conventions.md); informational. */
  @IsString()
  @IsOptional()
  SERVICE_NAME?: string;

  // Tracing (libs/platform/src/tracing): the OpenTelemetry SDK reads these itself, before Nest
  // starts; they are declared here so that a typo stops the app instead of silently not tracing.

  /** `true` turns tracing off whatever else is set. */
  @IsIn(['true', 'false'], { message: 'OTEL_SDK_DISABLED must be true or false' })
  @IsOptional()
  OTEL_SDK_DISABLED?: 'true' | 'false';

  /** Where spans go; unset or `none`, tracing is off (the SDK is not even loaded). */
  @IsIn(['zipkin', 'otlp', 'console', 'none'], {
    message: 'OTEL_TRACES_EXPORTER must be zipkin, otlp, console or none',
  })
  @IsOptional()
  OTEL_TRACES_EXPORTER?: string;

  /** The Zipkin collector, e.g. `http://127.0.0.1:9411/api/v2/spans`. */
  @IsUrl(HTTP_URL, { message: 'OTEL_EXPORTER_ZIPKIN_ENDPOINT must be an http(s) URL' })
  @IsOptional()
  OTEL_EXPORTER_ZIPKIN_ENDPOINT?: string;

  /** The OTLP/HTTP collector's base URL, for `OTEL_TRACES_EXPORTER=otlp`. */
  @IsUrl(HTTP_URL, { message: 'OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL' })
  @IsOptional()
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;

  /** The service name on every span (the fleet sets the app's name; default SERVICE_NAME). */
  @IsString()
  @IsOptional()
  OTEL_SERVICE_NAME?: string;

  @IsIn(TRACES_SAMPLERS, { message: `OTEL_TRACES_SAMPLER must be one of ${TRACES_SAMPLERS.join(', ')}` })
  @IsOptional()
  OTEL_TRACES_SAMPLER?: string;

  /** The ratio of the `*traceidratio` samplers, 0 to 1. */
  @Matches(/^(0(\.\d+)?|1(\.0+)?)$/, { message: 'OTEL_TRACES_SAMPLER_ARG must be a number from 0 to 1' })
  @IsOptional()
  OTEL_TRACES_SAMPLER_ARG?: string;

  /** How often buffered spans are exported (ms; the SDK's default is 5000, the fleet uses 500). */
  @IsNumberString({ no_symbols: true }, { message: 'OTEL_BSP_SCHEDULE_DELAY must be a whole number of milliseconds' })
  @IsOptional()
  OTEL_BSP_SCHEDULE_DELAY?: string;

  /** Only these instrumentations (`http`, `express`, `nestjs-core`, `kafkajs`, `mysql2`, `ioredis`). */
  @Matches(INSTRUMENTATION_LIST, { message: 'OTEL_NODE_ENABLED_INSTRUMENTATIONS must be names separated by commas' })
  @IsOptional()
  OTEL_NODE_ENABLED_INSTRUMENTATIONS?: string;

  /** These instrumentations off, e.g. `mysql2` for no span per SQL statement (tracing/node-sdk.ts). */
  @Matches(INSTRUMENTATION_LIST, { message: 'OTEL_NODE_DISABLED_INSTRUMENTATIONS must be names separated by commas' })
  @IsOptional()
  OTEL_NODE_DISABLED_INSTRUMENTATIONS?: string;
}

/** Apps that own a MySQL database. */
export class MysqlServiceEnv extends ServiceEnv {
  @IsString()
  MYSQL_HOST: string = '127.0.0.1';

  @IsInt()
  @Min(1)
  @Max(65535)
  MYSQL_PORT: number = 3306;

  @IsString()
  MYSQL_USER: string = 'root';

  @IsString()
  @IsOptional()
  MYSQL_PASSWORD: string = '';

  @IsString()
  @Matches(/^[a-z][a-z0-9_]{0,63}$/, { message: 'MYSQL_DATABASE must be a lowercase identifier' })
  MYSQL_DATABASE!: string;
}

/** Apps that also use Redis (Bull queues, caches). */
export class MysqlRedisServiceEnv extends MysqlServiceEnv {
  @IsString()
  REDIS_HOST: string = '127.0.0.1';

  @IsInt()
  @Min(1)
  @Max(65535)
  REDIS_PORT: number = 6379;
}

/**
 * The gateway: MySQL (its own database holds the activity log) and Redis like the services, plus
 * the admin key its admin routes check.
 */
export class GatewayEnv extends MysqlRedisServiceEnv {
  @IsString()
  @MinLength(16, { message: 'ADMIN_API_KEY must be at least 16 characters' })
  ADMIN_API_KEY!: string;
}
