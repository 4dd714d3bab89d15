import { Module } from '@nestjs/common';
import { messagingServiceModule } from '@shop/messaging';

import { CatalogueModule } from './catalogue/catalogue.module';
import { InventoryEnv } from './inventory-env';
import { Catalogue1732600000100 } from './migrations/1732600000100-catalogue';
import { StockModule } from './stock/stock.module';

@Module(
  messagingServiceModule({
    service: 'inventory',
    env: InventoryEnv,
    migrations: [Catalogue1732600000100],
    features: [StockModule, CatalogueModule],
  }),
)
export class AppModule {}
