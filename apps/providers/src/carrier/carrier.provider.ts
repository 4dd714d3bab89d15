import { randomUUID } from 'node:crypto';

import type { RouteResponse } from '../http/router';
import { readNumber, readString, requireObject } from '../http/validation';
import type { Provider } from '../provider';

/** Simulated shipping carrier "PetExpress": quotes with a deterministic price list. */

export type ShippingZone = 'domestic' | 'eu' | 'world';

/** The shop ships from Germany. */
const DOMESTIC_COUNTRY = 'DE';

const EU_COUNTRIES = new Set([
  'AT',
  'BE',
  'BG',
  'CY',
  'CZ',
  'DK',
  'EE',
  'ES',
  'FI',
  'FR',
  'GR',
  'HR',
  'HU',
  'IE',
  'IT',
  'LT',
  'LU',
  'LV',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SE',
  'SI',
  'SK',
]);

/** Price list per zone: base fee and price per kg in EUR, delivery days. */
export const TARIFFS: Readonly<Record<ShippingZone, { baseEur: number; perKgEur: number; etaDays: number }>> = {
  domestic: { baseEur: 4.9, perKgEur: 0.8, etaDays: 1 },
  eu: { baseEur: 8.9, perKgEur: 1.5, etaDays: 3 },
  world: { baseEur: 19.9, perKgEur: 4.0, etaDays: 7 },
};

/** Handling fee per item, EUR. */
export const PER_ITEM_EUR = 0.25;
/** Parcels heavier than this go by freight and take one more day. */
export const HEAVY_PARCEL_KG = 20;

export interface ShippingRequest {
  destinationCountry: string;
  weightKg: number;
  items: number;
}

export const shippingZoneOf = (country: string): ShippingZone =>
  country === DOMESTIC_COUNTRY ? 'domestic' : EU_COUNTRIES.has(country) ? 'eu' : 'world';

/**
 * The price formula, pure so tests and callers can predict a quote:
 * `cost = base(zone) + perKg(zone) × weightKg + 0.25 × items`, rounded to cents;
 * `etaDays = eta(zone) + (weightKg > 20 ? 1 : 0)`.
 */
export function quoteShipping({ destinationCountry, weightKg, items }: ShippingRequest): {
  cost: number;
  etaDays: number;
  zone: ShippingZone;
} {
  const zone = shippingZoneOf(destinationCountry);
  const tariff = TARIFFS[zone];
  const cost = Math.round((tariff.baseEur + tariff.perKgEur * weightKg + PER_ITEM_EUR * items) * 100) / 100;
  const etaDays = tariff.etaDays + (weightKg > HEAVY_PARCEL_KG ? 1 : 0);
  return { cost, etaDays, zone };
}

export function createCarrierProvider(): Provider {
  let quotes = 0;

  function createQuote(body: unknown): RouteResponse {
    const input = requireObject(body);
    // Order addresses are free text upstream, so "de" is accepted and normalised to "DE".
    const destinationCountry = readString(input, 'destinationCountry', {
      minLength: 2,
      maxLength: 2,
      pattern: /^[A-Za-z]{2}$/,
      patternHint: 'a 2-letter ISO 3166-1 country code (DE, FR, US)',
    }).toUpperCase();
    const weightKg = readNumber(input, 'weightKg', { greaterThan: 0, max: 1000 });
    const items = readNumber(input, 'items', { integer: true, min: 1, max: 10_000 });
    const { cost, etaDays, zone } = quoteShipping({ destinationCountry, weightKg, items });
    quotes++;
    return {
      status: 200,
      body: {
        quoteId: `qt_${randomUUID()}`,
        carrier: 'PetExpress',
        cost,
        currency: 'EUR',
        etaDays,
        zone,
        destinationCountry,
        weightKg,
        items,
      },
    };
  }

  return {
    kind: 'carrier',
    routes: [{ method: 'POST', path: '/quotes', faultable: true, handle: ({ body }) => createQuote(body) }],
    records: () => ({ quotes }),
    reset() {
      quotes = 0;
    },
  };
}
