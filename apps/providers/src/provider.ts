import type { Route } from './http/router';

export const PROVIDER_KINDS = ['payment', 'carrier', 'notification'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

/**
 * One simulated external provider: its business routes and its in-memory records.
 * The server adds health, admin and fault injection around it.
 */
export interface Provider {
  readonly kind: ProviderKind;
  /**
   * Business routes. The calls platform services make are `faultable`; the GET listings that
   * tests use to inspect records are not, so they can be checked while the provider is down.
   */
  readonly routes: readonly Route[];
  /** Kind-specific counts for `GET /admin/stats` (charges, quotes, messages, ...). */
  records(): Record<string, number>;
  /** Forgets every record (used by `POST /admin/reset`). */
  reset(): void;
}
