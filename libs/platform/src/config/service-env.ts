import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';

const HOST_PORT_LIST = /^[^,:\s]+:\d{1,5}(,[^,:\s]+:\d{1,5})*$/;

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
