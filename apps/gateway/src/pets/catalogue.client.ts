import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { ADVISOR_PATHS, CatalogueProduct, DEPENDENCIES } from '@shop/contracts';
import { Resilient } from '@shop/resilience/nest';

import { InjectedFaultError, LocalFaults } from '../admin/faults/local-faults';
import { GATEWAY_SETTINGS, GatewaySettings } from '../common/gateway-settings';
import { UpstreamError, upstreamJson } from '../common/upstream';
import { BROKEN_PRODUCT_ID } from './pets.constants';

/**
 * The product database: the catalogue copy the ML advisor keeps in MySQL, read over HTTP,
 * through dependency `database` (1 s budget, breaker, bulkhead). A 404 is an answer, not a
 * failure (the breaker ignores client errors).
 */
@Injectable()
export class CatalogueClient {
  private readonly baseUrl: string;

  constructor(
    @Inject(GATEWAY_SETTINGS) settings: GatewaySettings,
    private readonly faults: LocalFaults,
  ) {
    this.baseUrl = settings.ML_ADVISOR_URL.replace(/\/$/, '');
  }

  @Resilient(DEPENDENCIES.CATALOGUE)
  async product(id: string, signal?: AbortSignal): Promise<CatalogueProduct> {
    await this.faults.apply('database', signal ?? new AbortController().signal);
    if (id === BROKEN_PRODUCT_ID) throw new InjectedFaultError('database', `failing for product ${BROKEN_PRODUCT_ID}`);
    try {
      return await upstreamJson<CatalogueProduct>('catalogue', `${this.baseUrl}${ADVISOR_PATHS.product(id)}`, {
        signal,
      });
    } catch (error) {
      if (error instanceof UpstreamError && error.status === 404) throw new NotFoundException(`no product ${id}`);
      throw error;
    }
  }
}
