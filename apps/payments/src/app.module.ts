import { Module } from '@nestjs/common';
import { messagingServiceModule } from '@shop/messaging';

import { Payments1732600000200 } from './migrations/1732600000200-payments';
import { PaymentLedger1732600000201 } from './migrations/1732600000201-payment-ledger';
import { PaymentsModule } from './payments/payments.module';
import { PaymentsEnv } from './payments-env';

@Module(
  messagingServiceModule({
    service: 'payments',
    env: PaymentsEnv,
    migrations: [Payments1732600000200, PaymentLedger1732600000201],
    features: [PaymentsModule],
  }),
)
export class AppModule {}
