import { Module } from '@nestjs/common';

import { ReservationExpiry } from './reservation-expiry';
import { StockController } from './stock.controller';
import { StockMetrics } from './stock.metrics';
import { StockService } from './stock.service';

@Module({ controllers: [StockController], providers: [StockService, StockMetrics, ReservationExpiry] })
export class StockModule {}
