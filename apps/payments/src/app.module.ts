import { Module } from '@nestjs/common';
import { RESILIENCE_DEPENDENCIES } from '@shop/contracts';
import {
  Outbox1732600000001,
  OutboxModule,
  ProcessedMessages1732500000000,
  ProcessedMessagesByTime1732500000001,
} from '@shop/messaging';
import { PlatformModule, systemStatusController } from '@shop/platform';
import { ResilienceModule } from '@shop/resilience/nest';

import { Payments1732600000200 } from './migrations/1732600000200-payments';
import { PaymentLedger1732600000201 } from './migrations/1732600000201-payment-ledger';
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
          PaymentLedger1732600000201,
        ],
      },
    }),
    ResilienceModule.forRoot({ service: 'payments', dependencies: RESILIENCE_DEPENDENCIES.payments }),
    OutboxModule,
    PaymentsModule,
  ],
  controllers: [systemStatusController('payments')],
})
export class AppModule {}
