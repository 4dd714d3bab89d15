import { Module } from '@nestjs/common';
import { Outbox1732600000001, OutboxModule } from '@shop/messaging';
import {
  PlatformModule,
  ProcessedMessages1732500000000,
  ProcessedMessagesByTime1732500000001,
  systemStatusController,
} from '@shop/platform';
import { ResilienceModule } from '@shop/resilience';

import { DeliveryLog1732700000100 } from './delivery-log/delivery-log.migration';
import { DeliveryLogModule } from './delivery-log/delivery-log.module';
import { FollowUpsModule } from './follow-ups/follow-ups.module';
import { Notifications1732600000300 } from './migrations/1732600000300-notifications';
import { NoticeFollowUps1732600000301 } from './migrations/1732600000301-notice-follow-ups';
import { NoticesModule } from './notices/notices.module';
import { NotificationsEnv } from './notifications-env';

@Module({
  imports: [
    PlatformModule.forRoot({
      service: 'notifications',
      env: NotificationsEnv,
      redis: true,
      database: {
        entities: [],
        migrations: [
          ProcessedMessages1732500000000,
          ProcessedMessagesByTime1732500000001,
          Outbox1732600000001,
          Notifications1732600000300,
          NoticeFollowUps1732600000301,
          DeliveryLog1732700000100,
        ],
      },
    }),
    ResilienceModule.forRoot({
      config: {
        resilience: {
          dependencies: {
            // No retry layer here: the Bull queue retries with backoff until the provider is back.
            notification_provider: {
              timeoutMs: 2_000,
              // Background notices (follow-ups) hold at most a quarter of the slots: the
              // provider's lanes back up the compartments' separate queues and workers.
              bulkhead: { maxConcurrent: 8, maxQueue: 100, laneShares: { low: 0.25 } },
              circuitBreaker: { mode: 'consecutive', failureThreshold: 5, openMs: 2_000, successThreshold: 1 },
            },
          },
        },
      },
    }),
    OutboxModule,
    NoticesModule,
    FollowUpsModule,
    DeliveryLogModule,
  ],
  controllers: [systemStatusController('notifications')],
})
export class AppModule {}
