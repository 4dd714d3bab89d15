import { Module } from '@nestjs/common';
import { OrdersModule } from '../orders/orders.module';
import { AdminKeyGuard } from './dead-letters.admin-key.guard';
import { DeadLettersController } from './dead-letters.controller';

@Module({ imports: [OrdersModule], controllers: [DeadLettersController], providers: [AdminKeyGuard] })
export class DeadLettersModule {}
