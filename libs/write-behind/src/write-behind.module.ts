import { DynamicModule, FactoryProvider, Inject, Module, ModuleMetadata, Provider } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';

import { getWriteBehindOptionsToken, getWriteBehindStoreToken } from './write-behind.constants';
import { WriteBehindHealthIndicator } from './write-behind.health';
import type { WriteBehindStoreOptions } from './write-behind.options';
import { WriteBehindStore } from './write-behind.store';

/** Options of one registered store: the store's options plus whether this app flushes. */
export type WriteBehindModuleOptions<T = unknown> = WriteBehindStoreOptions<T> & {
  /** Run flush workers in this process. Default true. */
  worker?: boolean;
};

/** Async registration, for options that come from `ConfigService`. */
export interface WriteBehindModuleAsyncOptions<T = unknown> extends Pick<ModuleMetadata, 'imports'> {
  /** Store name, needed up front for the injection token. */
  name: string;
  inject?: FactoryProvider['inject'];
  useFactory: FactoryProvider<Omit<WriteBehindModuleOptions<T>, 'name'>>['useFactory'];
}

/** Injects the store registered under `name`. */
export const InjectWriteBehindStore = (name: string): ParameterDecorator & PropertyDecorator =>
  Inject(getWriteBehindStoreToken(name));

/**
 * Registers one {@link WriteBehindStore} per call (import it once per store). The store
 * starts its worker when the app boots (unless `worker: false`) and closes on shutdown
 * (enable `app.enableShutdownHooks()` so the batch in flight is finished).
 */
@Module({})
export class WriteBehindModule {
  static register<T>(options: WriteBehindModuleOptions<T>): DynamicModule {
    return WriteBehindModule.build(options.name, [], {
      provide: getWriteBehindOptionsToken(options.name),
      useValue: options,
    });
  }

  static registerAsync<T>(options: WriteBehindModuleAsyncOptions<T>): DynamicModule {
    return WriteBehindModule.build(options.name, options.imports ?? [], {
      provide: getWriteBehindOptionsToken(options.name),
      inject: options.inject ?? [],
      useFactory: async (...args: unknown[]) => ({ ...(await options.useFactory(...args)), name: options.name }),
    });
  }

  private static build(name: string, imports: ModuleMetadata['imports'], optionsProvider: Provider): DynamicModule {
    const storeToken = getWriteBehindStoreToken(name);
    return {
      module: WriteBehindModule,
      imports: [...(imports ?? []), TerminusModule],
      providers: [
        optionsProvider,
        {
          provide: storeToken,
          inject: [getWriteBehindOptionsToken(name)],
          useFactory: (options: WriteBehindModuleOptions) => new WriteBehindStore(options),
        },
        {
          // Nest calls lifecycle hooks on any provider value that has them.
          provide: `${storeToken}:lifecycle`,
          inject: [storeToken, getWriteBehindOptionsToken(name)],
          useFactory: (store: WriteBehindStore, options: WriteBehindModuleOptions) => ({
            onApplicationBootstrap: () => (options.worker === false ? undefined : store.startWorker()),
            onApplicationShutdown: () => store.close(),
          }),
        },
        WriteBehindHealthIndicator,
      ],
      exports: [storeToken, WriteBehindHealthIndicator],
    };
  }
}
