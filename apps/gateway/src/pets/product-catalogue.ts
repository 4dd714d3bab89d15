import { HttpException, Inject, Injectable, Logger, Optional, ServiceUnavailableException } from '@nestjs/common';
import { DEPENDENCIES } from '@shop/contracts';
import { isBrokenCircuitError, isBulkheadRejectedError, isTimeoutError } from '@shop/resilience';

import { InjectedFaultError } from '../admin/faults/local-faults';
import { InventoryCatalogueClient } from './inventory-catalogue.client';
import { ProductCache } from './product-cache';
import { ProductRead, productRead, ProductSnapshot } from './product-snapshot';

/** A wall clock, injectable so specs can age a copy without waiting; Date.now unless provided. */
export const CLOCK = Symbol('CLOCK');
export type Clock = () => number;

/**
 * Why inventory's answer is missing, for the page and the 503, in terms of what failed; undefined
 * for an unexpected error, whose text is logged rather than shown.
 */
export function outageReason(error: unknown): string | undefined {
  if (isTimeoutError(error)) return `inventory did not answer within ${error.timeoutMs} ms`;
  if (isBrokenCircuitError(error)) return `the ${DEPENDENCIES.INVENTORY_CATALOGUE} circuit is open`;
  if (isBulkheadRejectedError(error)) return 'too many product reads are waiting for inventory';
  if (error instanceof InjectedFaultError) return error.message;
  // resultOf's 503s: "inventory did not answer: …", or inventory's own INTERNAL error.
  if (error instanceof HttpException) return error.message;
  return undefined;
}

/** An answer about the request (an unknown product), not an outage: no copy stands in for it. */
const isAnswer = (error: unknown): boolean => error instanceof HttpException && error.getStatus() < 500;

/**
 * The product of a page, from the cheapest source that has it: the fresh cached copy, else
 * inventory (whose answer is then kept as both copies), else — while inventory is slow, down or
 * its breaker open — the last-known copy, marked estimated with its age. Without any copy the
 * answer is 503 CATALOGUE_UNAVAILABLE saying why; a product inventory does not know stays 404.
 */
@Injectable()
export class ProductCatalogue {
  private readonly logger = new Logger(ProductCatalogue.name);

  constructor(
    private readonly cache: ProductCache,
    private readonly inventory: InventoryCatalogueClient,
    @Optional() @Inject(CLOCK) private readonly now: Clock = Date.now,
  ) {}

  async read(id: string): Promise<ProductRead> {
    const cached = await this.cache.fresh(id).catch((error: Error) => {
      this.logger.warn({ msg: 'product cache unavailable, asking inventory', error: error.message });
      return undefined;
    });
    if (cached) return productRead(cached, 'cache', this.now());
    let snapshot: ProductSnapshot;
    try {
      const reply = await this.inventory.product(id);
      snapshot = { product: reply.product, available: reply.available, asOf: new Date(this.now()).toISOString() };
    } catch (error) {
      if (isAnswer(error)) throw error;
      return this.lastKnown(id, error);
    }
    void this.cache
      .remember(snapshot)
      .catch((error: Error) => this.logger.debug({ msg: 'could not cache product', error: error.message }));
    return productRead(snapshot, 'inventory', this.now());
  }

  private async lastKnown(id: string, error: unknown): Promise<ProductRead> {
    let reason = outageReason(error);
    if (reason === undefined) {
      this.logger.warn({ msg: 'unexpected product read failure', id, error: (error as Error)?.message });
      reason = `${DEPENDENCIES.INVENTORY_CATALOGUE} failed`;
    }
    // Debug, not warn: under an outage this fires for every page; resilience_calls_total counts them.
    this.logger.debug({ msg: 'inventory unavailable, answering from the last-known copy', id, reason });
    const copy = await this.cache.lastKnown(id).catch((cacheError: Error) => {
      this.logger.debug({ msg: 'last-known copy unreadable', id, error: cacheError.message });
      return undefined;
    });
    if (!copy)
      throw new ServiceUnavailableException({
        error: 'CATALOGUE_UNAVAILABLE',
        message: `product ${id} cannot be shown: ${reason}, and the gateway has no last-known copy of it`,
      });
    return productRead(copy, 'last-known', this.now(), reason);
  }
}
