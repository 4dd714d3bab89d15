import { Module } from '@nestjs/common';
import { Outbox1732600000001, OutboxModule } from '@shop/messaging';
import {
  PlatformModule,
  ProcessedMessages1732500000000,
  ProcessedMessagesByTime1732500000001,
  systemStatusController,
} from '@shop/platform';
import { ResilienceModule } from '@shop/resilience';

import { Payments1732600000200 } from './migrations/1732600000200-payments';
import { PaymentsModule } from './payments/payments.module';
import { PaymentsEnv } from './payments-env';

@Module({
  imports: [
    PlatformModule.forRoot({
      service: 'payments',
      env: PaymentsEnv,
      database: {
        entities: [],
        migrations: [
          ProcessedMessages1732500000000,
          ProcessedMessagesByTime1732500000001,
          Outbox1732600000001,
          Payments1732600000200,
        ],
      },
    }),
    ResilienceModule.forRoot({
      config: {
        resilience: {
          dependencies: {
            // The payment provider: at most 16 calls in flight (more wait briefly, then are
            // refused and stay queued), 2 s per call, one retry (idempotency keys make it safe),
            // and a breaker that opens after 5 failures in a row. A 402 decline is a 4xx: the
            // breaker ignores it and it is not retried.
            payment_provider: {
              timeoutMs: 2_000,
              bulkhead: { maxConcurrent: 16, maxQueue: 200, maxWaitMs: 5_000 },
              retry: { maxAttempts: 2, initialDelayMs: 100, maxDelayMs: 500, jitter: 'full', idempotent: true },
              circuitBreaker: {
                mode: 'consecutive',
                failureThreshold: 5,
                openMs: 2_000,
                successThreshold: 1,
                halfOpenMaxProbes: 1,
              },
            },
          },
        },
      },
    }),
    OutboxModule,
    PaymentsModule,
  ],
  controllers: [systemStatusController('payments')],
})
export class AppModule {}
