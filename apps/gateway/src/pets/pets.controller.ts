import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { Compartment } from '../compartments/compartment.decorator';
import { ApiErrors } from '../docs/api-errors';
import { PET_PAGE_SCHEMA } from './dto/pet.schemas';
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
      'A product with its availability and recommendations; `availability.estimated: true` (the last-known copy, ' +
      'with its age) when inventory is slow or down; `degraded: true` (and no recommendations) when the advisor is',
  })
  @ApiOkResponse({ description: 'The page', schema: PET_PAGE_SCHEMA })
  @ApiErrors({
    400: 'id or customerId is malformed (`field` names which)',
    404: 'No such product',
    503:
      'CATALOGUE_UNAVAILABLE: inventory is slow, down or its circuit open and the gateway has no last-known copy of ' +
      'the product (`message` says why); or the important compartment is full (`Retry-After`)',
  })
  page(@Param() { id }: PetIdParam, @Query() { customerId }: PetQueryDto): Promise<PetPage> {
    return this.pets.page(id, customerId);
  }
}
