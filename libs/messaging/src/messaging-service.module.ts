import { ModuleMetadata } from '@nestjs/common';
import { BackendService, RESILIENCE_DEPENDENCIES } from '@shop/contracts';
import { PlatformModule, PlatformOptions, resilienceSettingsController, systemStatusController } from '@shop/platform';
import { ResilienceModule } from '@shop/resilience/nest';
import type { MigrationInterface } from 'typeorm';

import { ProcessedMessages1732500000000 } from './inbox.migration';
import { ProcessedMessagesByTime1732500000001 } from './inbox-by-time.migration';
import { OutboxModule } from './outbox.module';
import { OUTBOX_MIGRATIONS } from './outbox-migrations';

export interface MessagingServiceOptions {
  service: BackendService;
  /** The app's env class; build it with `WithInboxEnv` so the inbox's setting is validated. */
  env: PlatformOptions['env'];
  /** The app uses Redis too. */
  redis?: boolean;
  /** The app's own migrations; the inbox's and the outbox's (with its trace column) are added. */
  migrations: (new () => MigrationInterface)[];
  /** The app's feature modules. */
  features: NonNullable<ModuleMetadata['imports']>;
}

/**
 * The root module of a backend service that owns a database and talks over Kafka through the
 * inbox and the outbox (every app but the gateway and the simulators): the platform, its
 * resilience stack from the contracts, the outbox relay, the status round trip, the gateway's
 * reads and changes of its resilience settings, its features.
 */
export function messagingServiceModule(options: MessagingServiceOptions): ModuleMetadata {
  const { service } = options;
  return {
    imports: [
      PlatformModule.forRoot({
        service,
        env: options.env,
        ...(options.redis ? { redis: true } : {}),
        database: {
          entities: [],
          migrations: [
            ProcessedMessages1732500000000,
            ProcessedMessagesByTime1732500000001,
            ...OUTBOX_MIGRATIONS,
            ...options.migrations,
          ],
        },
      }),
      ResilienceModule.forRoot({ service, dependencies: RESILIENCE_DEPENDENCIES[service] }),
      // Also the relay of the dead letters of messages that cannot be applied.
      OutboxModule,
      ...options.features,
    ],
    controllers: [systemStatusController(service), resilienceSettingsController(service)],
  };
}
