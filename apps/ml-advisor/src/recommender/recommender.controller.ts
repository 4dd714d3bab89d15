import {
  Controller,
  Get,
  HttpCode,
  Post,
  Query,
  Req,
  Res,
  ServiceUnavailableException,
  UseGuards,
} from '@nestjs/common';
import type { RecommendationsReply } from '@shop/contracts';
import type { Request, Response } from 'express';

import { AdminKeyGuard } from '../common/admin-key.guard';
import { clientGone } from '../common/client-gone';
import { AdvisorFaults } from '../faults/advisor-faults';
import { RecommendationsQuery } from './dto/recommendations.query';
import { ModelInfo, RecommenderService } from './recommender.service';

@Controller()
export class RecommenderController {
  constructor(
    private readonly recommender: RecommenderService,
    private readonly faults: AdvisorFaults,
  ) {}

  /** "Customers who bought X also bought Y" (productId), per customer (customerId), or popular. */
  @Get('recommendations')
  async recommendations(
    @Query() query: RecommendationsQuery,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RecommendationsReply> {
    const signal = clientGone(req, res);
    await this.faults.apply(signal);
    try {
      return await this.recommender.recommend(query, signal);
    } catch (error) {
      // The caller gave up (its timeout): nobody reads this answer, and it is not our failure.
      if (signal.aborted) throw new ServiceUnavailableException('the caller went away before the answer was ready');
      throw error;
    }
  }

  /** The model in use. */
  @Get('model')
  model(): ModelInfo {
    const info = this.recommender.current();
    if (!info) throw new ServiceUnavailableException('no model trained yet');
    return info;
  }

  /** Retrains now from the whole order history (operators; also runs every RETRAIN_INTERVAL_MS). */
  @Post('retrain')
  @HttpCode(200)
  @UseGuards(AdminKeyGuard)
  retrain(): Promise<ModelInfo> {
    return this.recommender.retrain('on-demand');
  }
}
