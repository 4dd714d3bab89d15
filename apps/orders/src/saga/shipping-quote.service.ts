import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DEPENDENCIES } from '@shop/contracts';
import { deadlineHttpHeaders, ResilienceRegistry, ResilientDependency } from '@shop/resilience';

export interface ShippingQuoteRequest {
  destinationCountry: string;
  weightKg: number;
  items: number;
}

export interface ShippingQuote {
  cost: number;
  currency: string;
  /** True when the carrier did not answer and the fixed cost was used. */
  fallback: boolean;
  /** Why the fallback was used (timeout, broken-circuit, error, …). */
  reason?: string;
}

/** Charged when the carrier cannot quote: the order goes on, and records that the fallback was used. */
export const FALLBACK_SHIPPING_COST_EUR = 9.9;

/** The carrier's answer status, so the breaker can ignore 4xx (a bad request is not an outage). */
export class CarrierHttpError extends Error {
  constructor(
    readonly status: number,
    body: string,
  ) {
    super(`carrier answered ${status}: ${body.slice(0, 200)}`);
  }
}

/**
 * Shipping quotes from the carrier through the `carrier` resilience stack (timeout, retry, circuit
 * breaker, and a hedge after the p95 latency for this call, which is marked idempotent). Never throws: when the carrier is down or its circuit is open the quote falls back
 * to a fixed cost.
 */
@Injectable()
export class ShippingQuoteService {
  private readonly carrier: ResilientDependency;
  private readonly baseUrl: string;

  constructor(registry: ResilienceRegistry, config: ConfigService) {
    this.carrier = registry.get(DEPENDENCIES.CARRIER);
    this.baseUrl = config.getOrThrow<string>('CARRIER_URL');
  }

  async quote(request: ShippingQuoteRequest): Promise<ShippingQuote> {
    const result = await this.carrier.executeDetailed<ShippingQuote>(
      async ({ signal }) => {
        const response = await fetch(`${this.baseUrl}/quotes`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...deadlineHttpHeaders() },
          body: JSON.stringify({ ...request, weightKg: Math.max(0.1, request.weightKg) }),
          signal,
        });
        const text = await response.text();
        if (!response.ok) throw new CarrierHttpError(response.status, text);
        const body = JSON.parse(text) as { cost: number; currency: string };
        return { cost: body.cost, currency: body.currency, fallback: false };
      },
      {
        idempotent: true,
        fallback: (cause) => ({
          cost: FALLBACK_SHIPPING_COST_EUR,
          currency: 'EUR',
          fallback: true,
          reason: cause.kind,
        }),
      },
    );
    return result.value;
  }
}
