import { Module } from '@nestjs/common';

import { OrdersModule } from '../orders/orders.module';
import { SagasController } from './sagas.controller';

@Module({ imports: [OrdersModule], controllers: [SagasController] })
export class SagasModule {}
