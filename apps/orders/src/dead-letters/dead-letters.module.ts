import { Module } from '@nestjs/common';

import { DeadLettersController } from './dead-letters.controller';
import { DeadLettersRepository } from './dead-letters.repository';
import { DeadLettersService } from './dead-letters.service';

@Module({ controllers: [DeadLettersController], providers: [DeadLettersService, DeadLettersRepository] })
export class DeadLettersModule {}
