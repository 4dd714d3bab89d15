import { Module } from '@nestjs/common';

import { PaymentProviderClient } from './payment-provider.client';
import { PaymentsController } from './payments.controller';
import { PaymentsRepository } from './payments.repository';
import { PaymentsService } from './payments.service';
import { SettleLoop } from './settle-loop';

@Module({
  controllers: [PaymentsController],
  providers: [PaymentsService, PaymentsRepository, PaymentProviderClient, SettleLoop],
})
export class PaymentsModule {}
