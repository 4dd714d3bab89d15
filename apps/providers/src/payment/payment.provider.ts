import { randomUUID } from 'node:crypto';

import { HttpError } from '../http/http-error';
import type { RouteResponse } from '../http/router';
import { readNumber, readString, requireObject } from '../http/validation';
import type { Provider } from '../provider';

/**
 * Simulated payment gateway. Amounts are decimal numbers in major currency units
 * (12.5 means 12.50 EUR), at most two decimals.
 */

/** Default for DECLINE_ABOVE: charges above this amount are declined (402). */
export const DEFAULT_DECLINE_ABOVE = 1000;

export interface Charge {
  chargeId: string;
  status: 'captured' | 'declined';
  reason?: 'amount_above_limit';
  orderId: string;
  amount: number;
  currency: string;
  idempotencyKey: string;
  refunded: boolean;
  refundId?: string;
  createdAt: string;
  /** How many POST /charges carried this idempotency key; > 1 means retries were deduplicated. */
  requests: number;
}

export interface Refund {
  refundId: string;
  chargeId: string;
  orderId: string;
  amount: number;
  currency: string;
  status: 'refunded';
  idempotencyKey: string;
  createdAt: string;
  requests: number;
}

export interface PaymentProviderOptions {
  /** Amounts strictly above this are declined with 402 amount_above_limit. */
  declineAbove?: number;
}

const KEY_RULES = { maxLength: 255 };

function idempotencyConflict(message: string): HttpError {
  return new HttpError(409, { error: 'idempotency_conflict', field: 'idempotencyKey', message });
}

export function createPaymentProvider(options: PaymentProviderOptions = {}): Provider {
  const declineAbove = options.declineAbove ?? DEFAULT_DECLINE_ABOVE;
  const chargesById = new Map<string, Charge>();
  const chargeIdByKey = new Map<string, string>();
  const refundsById = new Map<string, Refund>();
  const refundIdByKey = new Map<string, string>();
  /** Idempotency keys voided before any charge used them: a later charge with one is refused. */
  const voidedKeys = new Set<string>();

  function chargeAnswer(charge: Charge, replay: boolean): RouteResponse {
    if (charge.status === 'declined') {
      const { chargeId, orderId, amount, currency, reason } = charge;
      return { status: 402, body: { status: 'declined', reason, chargeId, orderId, amount, currency } };
    }
    return { status: replay ? 200 : 201, body: { ...charge } };
  }

  function createCharge(body: unknown): RouteResponse {
    const input = requireObject(body);
    const orderId = readString(input, 'orderId', { maxLength: 200 });
    const amount = readNumber(input, 'amount', { greaterThan: 0, max: 1_000_000_000, maxDecimals: 2 });
    const currency = readString(input, 'currency', {
      minLength: 3,
      maxLength: 3,
      pattern: /^[A-Z]{3}$/,
      patternHint: 'a 3-letter ISO 4217 code in upper case',
    });
    const idempotencyKey = readString(input, 'idempotencyKey', KEY_RULES);

    if (voidedKeys.has(idempotencyKey)) {
      throw new HttpError(409, {
        error: 'charge_voided',
        field: 'idempotencyKey',
        message: 'this idempotencyKey was voided before any charge used it',
      });
    }
    const existingId = chargeIdByKey.get(idempotencyKey);
    if (existingId !== undefined) {
      const existing = chargesById.get(existingId)!;
      if (existing.orderId !== orderId || existing.amount !== amount || existing.currency !== currency) {
        throw idempotencyConflict(`idempotencyKey was already used for a different charge (${existing.chargeId})`);
      }
      existing.requests++;
      return chargeAnswer(existing, true);
    }

    // A decline is recorded under its key too: retrying a declined charge must not capture it.
    const declined = amount > declineAbove;
    const charge: Charge = {
      chargeId: `ch_${randomUUID()}`,
      status: declined ? 'declined' : 'captured',
      ...(declined ? { reason: 'amount_above_limit' as const } : {}),
      orderId,
      amount,
      currency,
      idempotencyKey,
      refunded: false,
      createdAt: new Date().toISOString(),
      requests: 1,
    };
    chargesById.set(charge.chargeId, charge);
    chargeIdByKey.set(idempotencyKey, charge.chargeId);
    return chargeAnswer(charge, false);
  }

  /**
   * Looks a charge up by its idempotency key and, when there is none, voids the key so that no
   * charge can use it later, in one step. This is how a caller whose charge call timed out
   * learns what happened: `captured` (refund it), `declined`, or `voided` (no money moved, and
   * none will). Real providers offer the same through a lookup by key plus a cancel.
   */
  function voidCharge(body: unknown): RouteResponse {
    const input = requireObject(body);
    const idempotencyKey = readString(input, 'idempotencyKey', KEY_RULES);
    const existingId = chargeIdByKey.get(idempotencyKey);
    if (existingId !== undefined) {
      const { chargeId, status, refunded, refundId } = chargesById.get(existingId)!;
      return { status: 200, body: { idempotencyKey, status, chargeId, refunded, refundId } };
    }
    voidedKeys.add(idempotencyKey);
    return { status: 200, body: { idempotencyKey, status: 'voided' } };
  }

  function createRefund(body: unknown): RouteResponse {
    const input = requireObject(body);
    const chargeId = readString(input, 'chargeId', { maxLength: 200 });
    const idempotencyKey = readString(input, 'idempotencyKey', KEY_RULES);

    const existingId = refundIdByKey.get(idempotencyKey);
    if (existingId !== undefined) {
      const existing = refundsById.get(existingId)!;
      if (existing.chargeId !== chargeId) {
        throw idempotencyConflict(`idempotencyKey was already used to refund another charge (${existing.chargeId})`);
      }
      existing.requests++;
      return { status: 200, body: { ...existing } };
    }

    const charge = chargesById.get(chargeId);
    if (!charge) throw new HttpError(404, { error: 'not_found', field: 'chargeId', message: `no charge ${chargeId}` });
    if (charge.status !== 'captured') {
      throw new HttpError(409, {
        error: 'charge_not_captured',
        chargeId,
        message: 'a declined charge cannot be refunded',
      });
    }
    if (charge.refunded) {
      throw new HttpError(409, {
        error: 'already_refunded',
        chargeId,
        refundId: charge.refundId,
        message: 'charge was already refunded with another idempotencyKey',
      });
    }

    const refund: Refund = {
      refundId: `re_${randomUUID()}`,
      chargeId,
      orderId: charge.orderId,
      amount: charge.amount,
      currency: charge.currency,
      status: 'refunded',
      idempotencyKey,
      createdAt: new Date().toISOString(),
      requests: 1,
    };
    refundsById.set(refund.refundId, refund);
    refundIdByKey.set(idempotencyKey, refund.refundId);
    charge.refunded = true;
    charge.refundId = refund.refundId;
    return { status: 201, body: { ...refund } };
  }

  function listCharges(query: URLSearchParams): RouteResponse {
    const orderId = query.get('orderId');
    const charges = [...chargesById.values()].filter((charge) => orderId === null || charge.orderId === orderId);
    return { status: 200, body: { charges } };
  }

  function listRefunds(query: URLSearchParams): RouteResponse {
    const chargeId = query.get('chargeId');
    const orderId = query.get('orderId');
    const refunds = [...refundsById.values()].filter(
      (refund) =>
        (chargeId === null || refund.chargeId === chargeId) && (orderId === null || refund.orderId === orderId),
    );
    return { status: 200, body: { refunds } };
  }

  return {
    kind: 'payment',
    // Only the calls services make are faultable; the GET listings are for tests to inspect.
    routes: [
      { method: 'POST', path: '/charges', faultable: true, handle: ({ body }) => createCharge(body) },
      { method: 'GET', path: '/charges', admin: true, handle: ({ query }) => listCharges(query) },
      { method: 'POST', path: '/charges/void', faultable: true, handle: ({ body }) => voidCharge(body) },
      { method: 'POST', path: '/refunds', faultable: true, handle: ({ body }) => createRefund(body) },
      { method: 'GET', path: '/refunds', admin: true, handle: ({ query }) => listRefunds(query) },
    ],
    records() {
      const charges = [...chargesById.values()];
      const requests = charges.reduce((sum, charge) => sum + charge.requests, 0);
      return {
        captured: charges.filter((charge) => charge.status === 'captured').length,
        declined: charges.filter((charge) => charge.status === 'declined').length,
        refunds: refundsById.size,
        voidedKeys: voidedKeys.size,
        duplicateChargeRequests: requests - charges.length,
      };
    },
    reset() {
      chargesById.clear();
      chargeIdByKey.clear();
      refundsById.clear();
      refundIdByKey.clear();
      voidedKeys.clear();
    },
  };
}
