import { IsUrl } from 'class-validator';
import { MysqlRedisServiceEnv } from '@shop/platform';

export class NotificationsEnv extends MysqlRedisServiceEnv {
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  NOTIFICATION_PROVIDER_URL!: string;
}
