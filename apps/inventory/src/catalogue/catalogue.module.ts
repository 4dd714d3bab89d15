import { Module } from '@nestjs/common';

import { StockModule } from '../stock/stock.module';
import { CatalogueController } from './catalogue.controller';
import { CatalogueService } from './catalogue.service';

/** Product reads for the shop's pages (`inventory.catalogue.product`), on a consumer of their own. */
@Module({
  imports: [StockModule],
  controllers: [CatalogueController],
  providers: [CatalogueService],
})
export class CatalogueModule {}
