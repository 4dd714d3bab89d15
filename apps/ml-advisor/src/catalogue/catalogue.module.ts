import { Module } from '@nestjs/common';

import { CatalogueController } from './catalogue.controller';
import { CatalogueRepository } from './catalogue.repository';

@Module({
  controllers: [CatalogueController],
  providers: [CatalogueRepository],
  exports: [CatalogueRepository],
})
export class CatalogueModule {}
