import { Module } from '@nestjs/common';

import { CaptureLoop } from './capture-loop';
import { PaymentProviderClient } from './payment-provider.client';
import { PaymentsController } from './payments.controller';
import { PaymentsService } from './payments.service';

@Module({ controllers: [PaymentsController], providers: [PaymentsService, PaymentProviderClient, CaptureLoop] })
export class PaymentsModule {}
