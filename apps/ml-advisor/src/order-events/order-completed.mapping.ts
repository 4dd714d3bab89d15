import { ORDER_EVENTS_CONTRACT_VERSION, OrderCompletedEvent } from '@shop/contracts';

/** Ids as the advisor stores them (VARCHAR(64)) and as the gateway accepts them. */
const ID = /^[A-Za-z0-9._:/-]{1,64}$/;
const MAX_LINES = 200;

export type ParsedOrderCompleted = { ok: true; event: OrderCompletedEvent } | { ok: false; problems: string[] };

/** One row of the advisor's `order_lines`, the history it trains on. */
export interface OrderLineRow {
  orderId: string;
  customerId: string;
  productId: string;
  quantity: number;
  unitPriceCents: number;
  orderedAt: Date;
}

const isCount = (n: unknown, min: number): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= min;

/**
 * Checks an `orders.completed` payload off the wire before anything is stored: the advisor
 * trusts the contract, not the bytes (a hand-made or corrupted message must not reach SQL or the
 * model). Names every problem found.
 */
export function parseOrderCompleted(value: unknown): ParsedOrderCompleted {
  if (typeof value !== 'object' || value === null) return { ok: false, problems: ['payload is not an object'] };
  const e = value as Record<string, unknown>;
  const problems: string[] = [];
  if (e.version !== ORDER_EVENTS_CONTRACT_VERSION) problems.push(`version must be ${ORDER_EVENTS_CONTRACT_VERSION}`);
  for (const field of ['eventId', 'orderId', 'customerId'] as const) {
    if (typeof e[field] !== 'string' || !ID.test(e[field])) problems.push(`${field} must be 1-64 letters, digits, . _ : / -`);
  }
  if (typeof e.completedAt !== 'string' || Number.isNaN(Date.parse(e.completedAt))) problems.push('completedAt must be an ISO date');
  if (!isCount(e.totalCents, 0)) problems.push('totalCents must be a whole number ≥ 0');
  if (!Array.isArray(e.lines) || e.lines.length === 0 || e.lines.length > MAX_LINES) {
    problems.push(`lines must be a list of 1-${MAX_LINES} lines`);
  } else {
    e.lines.forEach((line: unknown, i) => {
      const l = (typeof line === 'object' && line !== null ? line : {}) as Record<string, unknown>;
      if (typeof l.sku !== 'string' || !ID.test(l.sku)) problems.push(`lines.${i}.sku must be 1-64 letters, digits, . _ : / -`);
      if (!isCount(l.quantity, 1)) problems.push(`lines.${i}.quantity must be a whole number ≥ 1`);
      if (!isCount(l.unitPriceCents, 0)) problems.push(`lines.${i}.unitPriceCents must be a whole number ≥ 0`);
    });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, event: value as OrderCompletedEvent };
}

/**
 * The history rows of a completed order: one per product (the table's key is order and
 * product), so an SKU on two lines of one order counts once as a basket item, with its
 * quantities summed and the first line's price.
 */
export function orderLineRows(event: OrderCompletedEvent): OrderLineRow[] {
  const bySku = new Map<string, OrderLineRow>();
  for (const line of event.lines) {
    const row = bySku.get(line.sku);
    if (row) row.quantity += line.quantity;
    else {
      bySku.set(line.sku, {
        orderId: event.orderId,
        customerId: event.customerId,
        productId: line.sku,
        quantity: line.quantity,
        unitPriceCents: line.unitPriceCents,
        orderedAt: new Date(event.completedAt),
      });
    }
  }
  return [...bySku.values()];
}
