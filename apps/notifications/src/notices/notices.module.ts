import { BullModule } from '@nestjs/bull';
import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';

import { DeliveryLogModule } from '../delivery-log/delivery-log.module';
import { NoticeQueueMetrics } from './notice-queue.metrics';
import { noticeQueuesModule, noticeQueuesProvider } from './notice-queues';
import { NoticeWorkers } from './notice-workers';
import { NoticesController } from './notices.controller';
import { NoticesRepository } from './notices.repository';
import { NoticesService } from './notices.service';
import { NotificationProviderClient } from './notification-provider.client';

/** Order notices from the saga, delivered from one Bull queue per compartment (see notice-kind.ts). */
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
    noticeQueuesModule,
  ],
  controllers: [NoticesController],
  providers: [
    NoticesService,
    NoticesRepository,
    NotificationProviderClient,
    noticeQueuesProvider,
    NoticeQueueMetrics,
    NoticeWorkers,
  ],
  exports: [NoticesService, NoticesRepository],
})
export class NoticesModule {}
