import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ApiResult, CATALOGUE_REQUESTS, CatalogueProductReply, CatalogueProductRequest } from '@shop/contracts';
import { asResult } from '@shop/platform';

import { CatalogueService } from './catalogue.service';

@Controller()
export class CatalogueController {
  constructor(private readonly catalogue: CatalogueService) {}

  /**
   * The gateway's product pages. The request's shape (one well-formed `sku`) is checked against
   * its contract at the consumer's edge, before this runs; anything else never gets here.
   */
  @MessagePattern(CATALOGUE_REQUESTS.product)
  product(@Payload() request: CatalogueProductRequest): Promise<ApiResult<CatalogueProductReply>> {
    return asResult(() => this.catalogue.product(request.sku));
  }
}
