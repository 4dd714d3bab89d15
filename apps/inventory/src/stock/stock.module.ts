import { Module } from '@nestjs/common';

import { ReservationExpiry } from './reservation-expiry';
import { StockController } from './stock.controller';
import { StockService } from './stock.service';

@Module({ controllers: [StockController], providers: [StockService, ReservationExpiry] })
export class StockModule {}
