import { BullModule } from '@nestjs/bull';
import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NOTICE_BACKOFF, NOTICES_QUEUE, noticeRetryDelayMs } from './notices.constants';
import { NoticesController } from './notices.controller';
import { NoticesProcessor } from './notices.processor';
import { NoticesService } from './notices.service';
import { DeliveryLogModule } from '../delivery-log/delivery-log.module';
import { NotificationProviderClient } from './notification-provider.client';

@Module({
  imports: [
    DeliveryLogModule,
    BullModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService) => ({
        redis: { host: config.getOrThrow<string>('REDIS_HOST'), port: config.getOrThrow<number>('REDIS_PORT') },
        // Several fleets (dev, e2e, e2e-b…) share one Redis: the database name keeps their queues apart.
        prefix: `bull:${config.getOrThrow<string>('MYSQL_DATABASE')}`,
      }),
    }),
    BullModule.registerQueue({
      name: NOTICES_QUEUE,
      settings: { backoffStrategies: { [NOTICE_BACKOFF]: (attemptsMade: number) => noticeRetryDelayMs(attemptsMade) } },
    }),
  ],
  controllers: [NoticesController],
  providers: [NoticesService, NoticesProcessor, NotificationProviderClient],
})
export class NoticesModule {}
