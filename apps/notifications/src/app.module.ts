import { Module } from '@nestjs/common';
import { RESILIENCE_DEPENDENCIES } from '@shop/contracts';
import {
  Outbox1732600000001,
  OutboxModule,
  ProcessedMessages1732500000000,
  ProcessedMessagesByTime1732500000001,
} from '@shop/messaging';
import { PlatformModule, systemStatusController } from '@shop/platform';
import { ResilienceModule } from '@shop/resilience/nest';

import { DeliveryLogModule } from './delivery-log/delivery-log.module';
import { FollowUpsModule } from './follow-ups/follow-ups.module';
import { Notifications1732600000300 } from './migrations/1732600000300-notifications';
import { NoticeFollowUps1732600000301 } from './migrations/1732600000301-notice-follow-ups';
import { DeliveryLog1732700000100 } from './migrations/1732700000100-delivery-log';
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
    ResilienceModule.forRoot({ service: 'notifications', dependencies: RESILIENCE_DEPENDENCIES.notifications }),
    OutboxModule,
    NoticesModule,
    FollowUpsModule,
    DeliveryLogModule,
  ],
  controllers: [systemStatusController('notifications')],
})
export class AppModule {}
