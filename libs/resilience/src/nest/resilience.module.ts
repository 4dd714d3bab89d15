import { DynamicModule, Global, Inject, Module, OnModuleDestroy } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';

import { LoadResilienceConfigOptions, ResilienceConfig } from '../config/resilience-config';
import { loadServiceResilienceConfig } from '../config/service-config';
import { ResilienceRegistry, ResilienceRegistryOptions } from '../resilience.registry';
import { getResilienceRegistry, setResilienceRegistry } from './registry-holder';
import { RESILIENCE_MODULE_OPTIONS, RESILIENCE_REGISTRY } from './resilience.constants';
import { ResilienceHealthIndicator } from './resilience.health';

export interface ResilienceModuleOptions
  extends ResilienceRegistryOptions, Pick<LoadResilienceConfigOptions, 'env' | 'nodeEnv'> {
  /** YAML file (default `$RESILIENCE_CONFIG` or `config/resilience.yaml`); ignored when `config` is given. */
  configPath?: string;
  /** Inline config: an already parsed `ResilienceConfig` or a `{ resilience: … }` document (validated). */
  config?: ResilienceConfig | { resilience?: unknown };
  /**
   * Load this service's section (`resilience.services.<service>`) of the fleet file instead of
   * a one-process file; see `loadServiceResilienceConfig`. Ignored when `config` is given.
   */
  service?: string;
  /** With `service`: the dependencies its code calls; the section must configure exactly these. */
  dependencies?: readonly string[];
}

/**
 * Global module exposing the {@link ResilienceRegistry} (by class and by `RESILIENCE_REGISTRY`)
 * and the {@link ResilienceHealthIndicator}. Config is validated when the module starts, so a
 * bad key stops the app at boot. The registry also becomes the one `@Resilient` uses.
 */
@Global()
@Module({})
export class ResilienceModule implements OnModuleDestroy {
  constructor(@Inject(RESILIENCE_REGISTRY) private readonly registry: ResilienceRegistry) {}

  static forRoot(options: ResilienceModuleOptions = {}): DynamicModule {
    return {
      module: ResilienceModule,
      global: true,
      imports: [TerminusModule],
      providers: [
        { provide: RESILIENCE_MODULE_OPTIONS, useValue: options },
        {
          provide: ResilienceRegistry,
          useFactory: (): ResilienceRegistry => {
            const registry = options.config
              ? new ResilienceRegistry(options.config, options)
              : options.service
                ? new ResilienceRegistry(
                    loadServiceResilienceConfig({ ...options, service: options.service, path: options.configPath }),
                    options,
                  )
                : ResilienceRegistry.fromFile({ ...options, path: options.configPath });
            setResilienceRegistry(registry);
            return registry;
          },
        },
        { provide: RESILIENCE_REGISTRY, useExisting: ResilienceRegistry },
        ResilienceHealthIndicator,
      ],
      exports: [ResilienceRegistry, RESILIENCE_REGISTRY, ResilienceHealthIndicator],
    };
  }

  async onModuleDestroy(): Promise<void> {
    await this.registry.close();
    if (getResilienceRegistry() === this.registry) setResilienceRegistry(undefined);
  }
}
