import { Module } from '@nestjs/common';
import { messagingServiceModule } from '@shop/messaging';

import { DeliveryLogModule } from './delivery-log/delivery-log.module';
import { FollowUpsModule } from './follow-ups/follow-ups.module';
import { Notifications1732600000300 } from './migrations/1732600000300-notifications';
import { NoticeFollowUps1732600000301 } from './migrations/1732600000301-notice-follow-ups';
import { DeliveryLog1732700000100 } from './migrations/1732700000100-delivery-log';
import { NoticesModule } from './notices/notices.module';
import { NotificationsEnv } from './notifications-env';

@Module(
  messagingServiceModule({
    service: 'notifications',
    env: NotificationsEnv,
    redis: true,
    migrations: [Notifications1732600000300, NoticeFollowUps1732600000301, DeliveryLog1732700000100],
    features: [NoticesModule, FollowUpsModule, DeliveryLogModule],
  }),
)
export class AppModule {}
