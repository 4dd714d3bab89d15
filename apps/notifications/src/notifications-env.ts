import { WithInboxEnv } from '@shop/messaging';
import { MysqlRedisServiceEnv } from '@shop/platform';
import { IsInt, IsUrl, Max, Min } from 'class-validator';

export class NotificationsEnv extends WithInboxEnv(MysqlRedisServiceEnv) {
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  NOTIFICATION_PROVIDER_URL!: string;

  /** Delivery workers of the critical notice queue (order confirmations and cancellations). */
  @IsInt()
  @Min(1)
  @Max(64)
  NOTICE_WORKERS_CRITICAL: number = 8;

  /** Delivery workers of the background notice queue (follow-ups after completed orders). */
  @IsInt()
  @Min(1)
  @Max(64)
  NOTICE_WORKERS_BACKGROUND: number = 2;
}
