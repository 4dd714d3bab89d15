import { ORDER_EVENTS_CONTRACT_VERSION, OrderCompletedEvent } from './order-events';

/** Ids as consumers store them (VARCHAR(64)) and as the gateway accepts them. */
const ID = /^[A-Za-z0-9._:/-]{1,64}$/;
const MAX_LINES = 200;

export type ParsedOrderCompleted = { ok: true; event: OrderCompletedEvent } | { ok: false; problems: string[] };

const isCount = (n: unknown, min: number): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= min;

/**
 * Checks an `orders.completed` payload off the wire before anything is stored: consumers (the
 * advisor, notifications) trust the contract, not the bytes (a hand-made or corrupted message must
 * not reach SQL, a model or a customer's inbox). Names every problem found.
 */
export function parseOrderCompleted(value: unknown): ParsedOrderCompleted {
  if (typeof value !== 'object' || value === null) return { ok: false, problems: ['payload is not an object'] };
  const e = value as Record<string, unknown>;
  const problems: string[] = [];
  if (e.version !== ORDER_EVENTS_CONTRACT_VERSION) problems.push(`version must be ${ORDER_EVENTS_CONTRACT_VERSION}`);
  for (const field of ['eventId', 'orderId', 'customerId'] as const) {
    if (typeof e[field] !== 'string' || !ID.test(e[field]))
      problems.push(`${field} must be 1-64 letters, digits, . _ : / -`);
  }
  if (typeof e.completedAt !== 'string' || Number.isNaN(Date.parse(e.completedAt)))
    problems.push('completedAt must be an ISO date');
  if (!isCount(e.totalCents, 0)) problems.push('totalCents must be a whole number ≥ 0');
  if (!Array.isArray(e.lines) || e.lines.length === 0 || e.lines.length > MAX_LINES) {
    problems.push(`lines must be a list of 1-${MAX_LINES} lines`);
  } else {
    e.lines.forEach((line: unknown, i) => {
      const l = (typeof line === 'object' && line !== null ? line : {}) as Record<string, unknown>;
      if (typeof l.sku !== 'string' || !ID.test(l.sku))
        problems.push(`lines.${i}.sku must be 1-64 letters, digits, . _ : / -`);
      if (!isCount(l.quantity, 1)) problems.push(`lines.${i}.quantity must be a whole number ≥ 1`);
      if (!isCount(l.unitPriceCents, 0)) problems.push(`lines.${i}.unitPriceCents must be a whole number ≥ 0`);
    });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, event: value as OrderCompletedEvent };
}
