import { Module } from '@nestjs/common';

import { OrdersModule } from '../orders/orders.module';
import { DeadLettersController } from './dead-letters.controller';

@Module({ imports: [OrdersModule], controllers: [DeadLettersController] })
export class DeadLettersModule {}
