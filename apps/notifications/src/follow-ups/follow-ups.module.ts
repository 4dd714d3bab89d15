import { Module } from '@nestjs/common';

import { NoticesModule } from '../notices/notices.module';
import { FollowUpsController } from './follow-ups.controller';
import { FollowUpsService } from './follow-ups.service';

/** Follow-up mail after completed orders (`orders.completed`), delivered in the background compartment. */
@Module({
  imports: [NoticesModule],
  controllers: [FollowUpsController],
  providers: [FollowUpsService],
})
export class FollowUpsModule {}
