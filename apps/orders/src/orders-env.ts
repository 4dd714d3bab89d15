import { WithInboxEnv } from '@shop/messaging';
import { MysqlServiceEnv } from '@shop/platform';
import { IsInt, IsUrl, Max, Min } from 'class-validator';

/** The orders service also quotes shipping from the carrier. */
export class OrdersEnv extends WithInboxEnv(MysqlServiceEnv) {
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  CARRIER_URL!: string;

  /**
   * How long an order may wait as PAYMENT_PENDING (the provider's outcome unknown) before the saga
   * gives up and refunds. The chaos suite shortens it to make a refund race its capture. At most
   * 10 min: inventory holds a reservation for 15 (`SAGA_POLICY.reservationHoldMs`), and a paid
   * order's stock commit must find its reservation still held.
   */
  @IsInt()
  @Min(1_000)
  @Max(10 * 60_000)
  SAGA_PAYMENT_PENDING_DEADLINE_MS: number = 10 * 60_000;

  /**
   * How long the saga keeps retrying a compensation before it ends FAILED and dead-letters the
   * command for an operator. The failed-saga e2e test shortens it.
   */
  @IsInt()
  @Min(1_000)
  @Max(24 * 60 * 60_000)
  SAGA_COMPENSATION_DEADLINE_MS: number = 5 * 60_000;
}
