import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { Compartment } from '../compartments/compartment.decorator';
import { PetIdParam, PetQueryDto } from './dto/pet-query.dto';
import { PetPage, PetsService } from './pets.service';

@ApiTags('pets')
@Compartment('important')
@Controller('api/pets')
export class PetsController {
  constructor(private readonly pets: PetsService) {}

  @Get(':id')
  @ApiOperation({
    summary:
      'A product with recommendations; `degraded: true` (and no recommendations) when the advisor is slow or down',
  })
  page(@Param() { id }: PetIdParam, @Query() { customerId }: PetQueryDto): Promise<PetPage> {
    return this.pets.page(id, customerId);
  }
}
