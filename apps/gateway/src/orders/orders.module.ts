import { Module } from '@nestjs/common';

import { OrderAccess } from './order-access';
import { OrdersController } from './orders.controller';
import { OrdersService } from './orders.service';

/** Public order API: place an order (idempotently) and follow it with its access token. */
@Module({ controllers: [OrdersController], providers: [OrdersService, OrderAccess], exports: [OrdersService] })
export class OrdersModule {}
