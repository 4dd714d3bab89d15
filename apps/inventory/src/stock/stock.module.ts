import { Module } from '@nestjs/common';

import { ProductsRepository } from './products.repository';
import { ReservationExpiry } from './reservation-expiry';
import { ReservationsRepository } from './reservations.repository';
import { StockController } from './stock.controller';
import { StockMetrics } from './stock.metrics';
import { StockService } from './stock.service';

@Module({
  controllers: [StockController],
  providers: [StockService, StockMetrics, ReservationExpiry, ProductsRepository, ReservationsRepository],
  // The catalogue reads the same product rows.
  exports: [ProductsRepository],
})
export class StockModule {}
