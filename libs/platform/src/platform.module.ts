import { DynamicModule, Global, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';

import { validateEnvWith } from './config/validate-env';
import { DatabaseModule } from './database/database.module';
import { HealthController } from './health/health.controller';
import { KafkaHealthIndicator } from './health/kafka.health';
import { ReadinessRegistry } from './health/readiness.registry';
import { InfrastructureReadiness } from './health/readiness.setup';
import { RedisHealthIndicator } from './health/redis.health';
import { DeadlineMiddleware } from './http/deadline.middleware';
import { KafkaRpcInterceptor } from './kafka/kafka-rpc.interceptor';
import { MetricsModule } from './metrics/metrics.module';
import { PLATFORM_OPTIONS, PlatformOptions } from './platform.options';
import { ResilienceSpanEvents } from './tracing/resilience-span-events';
import { TracingShutdown } from './tracing/tracing-shutdown';

/**
 * What every app of the fleet has: validated configuration, `/health/live` and `/health/ready`,
 * `/metrics`, correlation ids and Kafka message metrics, deadlines taken from callers (HTTP
 * `x-timeout-ms`, Kafka `x-deadline`), its database when it owns one, and (when tracing is on)
 * resilience events on the active span and the last spans flushed on shutdown.
 */
@Global()
@Module({})
export class PlatformModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(DeadlineMiddleware).forRoutes('*path');
  }

  static forRoot(options: PlatformOptions): DynamicModule {
    return {
      module: PlatformModule,
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: true,
          cache: true,
          validate: validateEnvWith(options.env),
        }),
        TerminusModule.forRoot({ logger: false }),
        MetricsModule,
        ...(options.database ? [DatabaseModule.forRoot(options.database)] : []),
      ],
      controllers: [HealthController],
      providers: [
        { provide: PLATFORM_OPTIONS, useValue: options },
        ReadinessRegistry,
        KafkaHealthIndicator,
        RedisHealthIndicator,
        InfrastructureReadiness,
        { provide: APP_INTERCEPTOR, useClass: KafkaRpcInterceptor },
        ResilienceSpanEvents,
        TracingShutdown,
      ],
      exports: [PLATFORM_OPTIONS, ReadinessRegistry, KafkaHealthIndicator, TerminusModule],
    };
  }
}
