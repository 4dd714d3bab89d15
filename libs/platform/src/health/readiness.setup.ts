import { Inject, Injectable, OnModuleInit, Optional } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { TypeOrmHealthIndicator } from '@nestjs/terminus';
import { ResilienceHealthIndicator } from '@shop/resilience/nest';

import { PLATFORM_OPTIONS, PlatformOptions } from '../platform.options';
import { KafkaHealthIndicator } from './kafka.health';
import { ReadinessRegistry } from './readiness.registry';
import { RedisHealthIndicator } from './redis.health';

/** Registers the readiness checks of the infrastructure the app declared in `PlatformModule.forRoot`. */
@Injectable()
export class InfrastructureReadiness implements OnModuleInit {
  constructor(
    @Inject(PLATFORM_OPTIONS) private readonly options: PlatformOptions,
    private readonly config: ConfigService,
    private readonly readiness: ReadinessRegistry,
    private readonly kafka: KafkaHealthIndicator,
    private readonly redis: RedisHealthIndicator,
    @Optional() private readonly typeorm?: TypeOrmHealthIndicator,
    @Optional() private readonly resilience?: ResilienceHealthIndicator,
  ) {}

  onModuleInit(): void {
    this.kafka.configure(this.options.service, this.config.getOrThrow<string>('KAFKA_BROKERS'));
    this.readiness.register('kafka', () => this.kafka.check('kafka'));
    if (this.options.database && this.typeorm) {
      const typeorm = this.typeorm;
      this.readiness.register('mysql', () => typeorm.pingCheck('mysql', { timeout: 1500 }));
    }
    if (this.options.redis) {
      this.redis.configure(this.config.getOrThrow<string>('REDIS_HOST'), this.config.getOrThrow<number>('REDIS_PORT'));
      this.readiness.register('redis', () => this.redis.check('redis'));
    }
    // Every app imports ResilienceModule: its breakers, by each dependency's `health` rule.
    if (this.resilience) {
      const resilience = this.resilience;
      this.readiness.register('resilience', () => resilience.check('resilience'));
    }
  }
}
