import { MysqlServiceEnv } from '@shop/platform';
import { IsUrl } from 'class-validator';

/** The orders service also quotes shipping from the carrier. */
export class OrdersEnv extends MysqlServiceEnv {
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  CARRIER_URL!: string;
}
