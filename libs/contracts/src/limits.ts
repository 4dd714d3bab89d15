/**
 * Lengths of the values the edge accepts, each equal to the column that stores it: the gateway's
 * DTOs and request-id middleware, and the migrations that create the columns, read the same
 * constant, so an accepted value always fits (no 503 from a column refusing it later).
 */
export const FIELD_LIMITS = {
  /** `x-request-id` / correlation id → `outbox.correlation_id VARCHAR(64)`. */
  correlationId: 64,
  /** `customerId` → `orders.customer_id VARCHAR(64)`, `order_lines.customer_id` (advisor). */
  customerId: 64,
  /** `Idempotency-Key` → `orders.idempotency_key VARCHAR(128)`. */
  idempotencyKey: 128,
  /** `items[].sku` → `order_lines.sku VARCHAR(32)`. */
  sku: 32,
  /** `shippingAddress.name` / `.city` (characters, in the JSON column). */
  addressName: 100,
  addressCity: 100,
  addressStreet: 200,
} as const;
