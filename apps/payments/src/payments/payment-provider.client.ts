import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DEPENDENCIES } from '@shop/contracts';
import { deadlineHttpHeaders, ResilienceRegistry, ResilientDependency } from '@shop/resilience';

/**
 * The provider refused the charge: a business answer, not an outage. The saga fails the payment
 * step at once and compensates; nothing is queued or retried.
 */
export class PaymentDeclinedError extends Error {
  constructor(
    readonly reason: string,
    /** 402 for a decline; another 4xx when the provider refused the request itself. */
    readonly status = 402,
  ) {
    super(`payment declined: ${reason}`);
  }
}

/**
 * 4xx answers that mean "not now" rather than "not this request": a timeout, too early, too
 * many requests. They stay provider trouble, queued and retried like a 5xx.
 */
const TRANSIENT_CLIENT_ERRORS: ReadonlySet<number> = new Set([408, 425, 429]);

/** Any other non-2xx answer; `status` lets the breaker ignore 4xx and count 5xx. */
export class PaymentProviderError extends Error {
  constructor(
    readonly status: number,
    body: string,
  ) {
    super(`payment provider answered ${status}: ${body.slice(0, 200)}`);
  }
}

export interface ChargeRequest {
  orderId: string;
  amount: number;
  currency: string;
  idempotencyKey: string;
}

export interface VoidAnswer {
  status: 'captured' | 'declined' | 'voided';
  chargeId?: string;
  /** A captured charge that was already refunded. */
  refunded: boolean;
}

/**
 * The payment provider through the `payment_provider` resilience stack: an adaptive bulkhead caps
 * the calls in flight at what the provider's latency says it takes, a timeout bounds each, a breaker stops calling a provider that is down. Both
 * calls carry an idempotency key, so a retry after a lost answer never charges twice.
 */
@Injectable()
export class PaymentProviderClient {
  private readonly provider: ResilientDependency;
  private readonly baseUrl: string;

  constructor(registry: ResilienceRegistry, config: ConfigService) {
    this.provider = registry.get(DEPENDENCIES.PAYMENT_PROVIDER);
    this.baseUrl = config.getOrThrow<string>('PAYMENT_PROVIDER_URL');
  }

  /**
   * Resolves with the charge id; rejects with PaymentDeclinedError on 402 or a 4xx that no retry
   * can change, anything else on an outage.
   */
  charge(request: ChargeRequest): Promise<string> {
    return this.provider.execute(
      async ({ signal }) => {
        const body = await this.post('/charges', request, signal);
        return String(body.chargeId);
      },
      { idempotent: true },
    );
  }

  /**
   * What became of the charge under `idempotencyKey`, voiding the key when no charge used it,
   * so a charge call still in flight cannot capture afterwards.
   */
  voidCharge(idempotencyKey: string): Promise<VoidAnswer> {
    return this.provider.execute(
      async ({ signal }) => {
        const body = await this.post('/charges/void', { idempotencyKey }, signal);
        const status = String(body.status);
        if (status === 'captured' || status === 'declined' || status === 'voided') {
          return {
            status,
            chargeId: typeof body.chargeId === 'string' ? body.chargeId : undefined,
            refunded: body.refunded === true,
          };
        }
        throw new PaymentProviderError(200, `unexpected void answer ${JSON.stringify(body)}`);
      },
      { idempotent: true },
    );
  }

  refund(chargeId: string, idempotencyKey: string): Promise<string> {
    return this.provider.execute(
      async ({ signal }) => {
        const body = await this.post('/refunds', { chargeId, idempotencyKey }, signal);
        return String(body.refundId);
      },
      { idempotent: true },
    );
  }

  private async post(path: string, payload: object, signal: AbortSignal): Promise<Record<string, unknown>> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...deadlineHttpHeaders() },
      body: JSON.stringify(payload),
      signal,
    });
    const text = await response.text();
    if (response.status === 402) {
      const reason = (safeJson(text) as { reason?: string } | undefined)?.reason ?? 'declined';
      throw new PaymentDeclinedError(reason);
    }
    if (response.status >= 400 && response.status < 500 && !TRANSIENT_CLIENT_ERRORS.has(response.status)) {
      // 400, 409, 422…: the provider will refuse this request however often it is sent, so
      // queueing it for minutes would only delay the cancellation the customer is owed.
      const detail = (safeJson(text) as { message?: string } | undefined)?.message ?? text.slice(0, 200);
      throw new PaymentDeclinedError(`provider refused the request (${response.status}): ${detail}`, response.status);
    }
    if (!response.ok) throw new PaymentProviderError(response.status, text);
    return (safeJson(text) as Record<string, unknown>) ?? {};
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
