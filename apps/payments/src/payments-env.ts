import { WithInboxEnv } from '@shop/messaging';
import { MysqlServiceEnv } from '@shop/platform';
import { IsUrl } from 'class-validator';

export class PaymentsEnv extends WithInboxEnv(MysqlServiceEnv) {
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  PAYMENT_PROVIDER_URL!: string;
}
