import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { Compartment } from '../compartments/compartment.decorator';
import { ApiErrors } from '../docs/api-errors';
import { RECOMMENDATIONS_SCHEMA } from './dto/pet.schemas';
import { RecommendationsQueryDto } from './dto/recommendations-query.dto';
import { Recommendations, RecommendationsClient } from './recommendations.client';

@ApiTags('recommendations')
@Compartment('background')
@Controller('api/recommendations')
export class RecommendationsController {
  constructor(private readonly advisor: RecommendationsClient) {}

  @Get()
  @ApiOperation({ summary: 'Also-bought (productId), personal (customerId) or popular products' })
  @ApiOkResponse({ description: 'The recommendations, or none and `degraded`', schema: RECOMMENDATIONS_SCHEMA })
  @ApiErrors({
    400: 'A malformed query parameter (`field` names which)',
    503: 'The background compartment is full (`Retry-After`); a slow or failed advisor is not an error but `degraded`',
  })
  recommend(@Query() query: RecommendationsQueryDto): Promise<Recommendations> {
    return this.advisor.recommend(query);
  }
}
