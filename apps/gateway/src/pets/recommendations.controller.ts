import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { Compartment } from '../compartments/compartment.decorator';
import { RecommendationsQueryDto } from './dto/recommendations-query.dto';
import { Recommendations, RecommendationsClient } from './recommendations.client';

@ApiTags('recommendations')
@Compartment('background')
@Controller('api/recommendations')
export class RecommendationsController {
  constructor(private readonly advisor: RecommendationsClient) {}

  @Get()
  @ApiOperation({ summary: 'Also-bought (productId), personal (customerId) or popular products' })
  recommend(@Query() query: RecommendationsQueryDto): Promise<Recommendations> {
    return this.advisor.recommend(query);
  }
}
