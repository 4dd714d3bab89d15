import { Injectable } from '@nestjs/common';
import { CATALOGUE_REQUESTS, CatalogueProductReply, CatalogueProductRequest, DEPENDENCIES } from '@shop/contracts';
import { Resilient } from '@shop/resilience/nest';

import { InjectedFaultError, LocalFaults } from '../admin/faults/local-faults';
import { KafkaRequestClient } from '../kafka/kafka-request.client';
import { BROKEN_PRODUCT_ID } from './pets.constants';

/**
 * Product reads from inventory, which owns the catalogue and its stock, over Kafka request-reply
 * (`inventory.catalogue.product`), through dependency `inventory_catalogue` (1 s budget, breaker,
 * bulkhead) and its fault switch. The budget's signal abandons the pending reply, so the
 * resilience timeout answers, not the Kafka client. An unknown product is NOT_FOUND → 404: an
 * answer, not a failure (the breaker ignores client errors).
 */
@Injectable()
export class InventoryCatalogueClient {
  constructor(
    private readonly kafka: KafkaRequestClient,
    private readonly faults: LocalFaults,
  ) {}

  @Resilient(DEPENDENCIES.INVENTORY_CATALOGUE)
  async product(id: string, signal?: AbortSignal): Promise<CatalogueProductReply> {
    await this.faults.apply('inventory_catalogue', signal ?? new AbortController().signal);
    if (id === BROKEN_PRODUCT_ID)
      throw new InjectedFaultError('inventory_catalogue', `failing for product ${BROKEN_PRODUCT_ID}`);
    const request: CatalogueProductRequest = { sku: id };
    return this.kafka.ask<CatalogueProductReply>('inventory', CATALOGUE_REQUESTS.product, request, signal);
  }
}
