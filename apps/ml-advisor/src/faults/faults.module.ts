import { Module } from '@nestjs/common';

import { AdvisorFaults } from './advisor-faults';
import { FaultsController } from './faults.controller';

@Module({
  controllers: [FaultsController],
  providers: [AdvisorFaults],
  exports: [AdvisorFaults],
})
export class FaultsModule {}
