import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
  chargesOf,
  FINAL,
  messagesWithKey,
  OrderBody,
  orderBody,
  postOrder,
  stockOf,
  withDatabaseOf,
  withInventoryDb,
} from '../saga/saga-support';
import { PROFILE, ROOT } from '../support/fleet';

/** SKU of a scarce item (its stock is set low before a run) and of one whose price is declined. */
export const SCARCE_SKU = 'DOG-HARNESS-LTD';
const DECLINED_SKU = 'FISH-AQUA-300L'; // 2 × 899 EUR, above the simulator's 1000 EUR limit
const PLAIN_SKUS = ['CAT-TOY-MOUSE', 'DOG-TREATS-500', 'RAB-HAY-1KG'];

/** The mix a run places: mostly plain orders, every 10th declined, every 10th for scarce stock. */
export function chaosOrder(i: number): OrderBody {
  if (i % 10 === 3) return orderBody([{ sku: DECLINED_SKU, quantity: 2 }]);
  if (i % 10 === 7) return orderBody([{ sku: SCARCE_SKU, quantity: 2 }]);
  return orderBody([{ sku: PLAIN_SKUS[i % PLAIN_SKUS.length], quantity: 1 + (i % 3) }]);
}

export const CHAOS_SKUS = [SCARCE_SKU, DECLINED_SKU, ...PLAIN_SKUS];

/**
 * Places `count` orders at `ratePerSecond`, each retried with its idempotency key until the
 * gateway accepts it (a killed gateway, a 503 or a 429 is a retry, not a lost order).
 */
export async function placeOrders(
  count: number,
  ratePerSecond: number,
  onPlaced: (placed: number) => void,
): Promise<string[]> {
  const placing: Promise<string>[] = [];
  for (let i = 0; i < count; i++) {
    placing.push(placeWithRetries(chaosOrder(i)).then((id) => (onPlaced(i + 1), id)));
    await delay(1_000 / ratePerSecond);
  }
  return Promise.all(placing);
}

async function placeWithRetries(body: OrderBody): Promise<string> {
  const key = randomUUID();
  const until = Date.now() + 120_000;
  let last = '';
  while (Date.now() < until) {
    try {
      const { status, body: answer } = await postOrder(body, key);
      if (status === 202 || status === 200) return String(answer.orderId);
      last = `${status} ${JSON.stringify(answer).slice(0, 200)}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await delay(500);
  }
  throw new Error(`order never accepted: ${last}`);
}

export const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The pid of this profile's Kafka broker (the fleet's own processes: pidOf). */
export function kafkaPid(): number {
  return Number(readFileSync(join(ROOT, '.data', `kafka-${PROFILE}`, 'kafka.pid'), 'utf8').trim());
}

export async function setScarceStock(units: number): Promise<void> {
  // Moves units between available and sold only (either way), so the units received stay the same.
  await withInventoryDb((query) =>
    query('UPDATE products SET sold = sold + available - ?, available = ? WHERE sku = ? AND sold + available >= ?', [
      units,
      units,
      SCARCE_SKU,
      units,
    ]),
  );
}

/** Per SKU: the units received (available + reserved + sold), which no order may change. */
export async function receivedStockOf(): Promise<Record<string, number>> {
  const stock = await stockOf(CHAOS_SKUS);
  return Object.fromEntries(
    Object.entries(stock).map(([sku, { available, reserved, sold }]) => [sku, available + reserved + sold]),
  );
}

interface OrderRow {
  id: string;
  status: string;
  total: string | null;
  saga_id: string;
  saga_status: string;
}

export async function ordersOf(ids: string[]): Promise<OrderRow[]> {
  return withDatabaseOf(
    'orders',
    async (query) =>
      (await query(
        'SELECT o.id, o.status, o.total, s.id AS saga_id, s.status AS saga_status FROM orders o JOIN sagas s ON s.order_id = o.id WHERE o.id IN (?)',
        [ids],
      )) as OrderRow[],
  );
}

/** Waits until every order's saga is final; resolves with the rows either way after `timeoutMs`. */
export async function untilFinal(ids: string[], timeoutMs: number): Promise<OrderRow[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const rows = await ordersOf(ids).catch(() => [] as OrderRow[]);
    if ((rows.length === ids.length && rows.every((row) => FINAL.includes(row.saga_status))) || Date.now() > until)
      return rows;
    await delay(500);
  }
}

export interface RunResult {
  fault: string;
  orders: number;
  completed: number;
  compensated: number;
  failed: number;
  violations: string[];
  seconds: number;
}

const cents = (amount: number | string | null): number => Math.round(Number(amount ?? 0) * 100);

/**
 * The invariants of one run, read from the databases and the simulators' ledgers: every order
 * final; captured − refunded = the totals of COMPLETED orders; no double capture; the units sold for the
 * run's orders are those of COMPLETED orders, none held by a final order, none oversold, none made
 * or lost; exactly one
 * confirmation per COMPLETED order; no dead letter left un-replayed.
 */
export async function violationsOf(
  ids: string[],
  rows: OrderRow[],
  receivedBefore: Record<string, number>,
  since: Date,
): Promise<string[]> {
  const violations: string[] = [];
  const notFinal = ids.length - rows.filter((row) => FINAL.includes(row.saga_status)).length;
  if (notFinal > 0) violations.push(`${notFinal} orders not final`);
  const completed = rows.filter((row) => row.saga_status === 'COMPLETED');

  const wanted = new Set(ids);
  const charges = (await chargesOf()).filter((charge) => wanted.has(charge.orderId));
  const captured = charges.filter((charge) => charge.status === 'captured');
  const kept = captured.filter((charge) => !charge.refunded).reduce((sum, charge) => sum + cents(charge.amount), 0);
  const owed = completed.reduce((sum, row) => sum + cents(row.total), 0);
  if (kept !== owed) violations.push(`captured − refunded = ${kept / 100} but COMPLETED orders total ${owed / 100}`);
  const perOrder = new Map<string, number>();
  for (const charge of captured) perOrder.set(charge.orderId, (perOrder.get(charge.orderId) ?? 0) + 1);
  const doubled = [...perOrder.values()].filter((n) => n > 1).length;
  if (doubled > 0) violations.push(`${doubled} orders captured twice`);

  // Stock, scoped to this run's orders (sagas of other suites may still be settling): the units
  // sold for them are exactly those of COMPLETED orders, none is still held, none oversold, and
  // no unit was made or lost.
  const completedIds = new Set(completed.map((row) => row.id));
  const owedUnits = new Map<string, number>();
  if (completedIds.size > 0) {
    const lines = await withDatabaseOf(
      'orders',
      async (query) =>
        (await query('SELECT sku, SUM(quantity) AS units FROM order_lines WHERE order_id IN (?) GROUP BY sku', [
          [...completedIds],
        ])) as { sku: string; units: number }[],
    );
    for (const line of lines) owedUnits.set(line.sku, Number(line.units));
  }
  const reservations = await withInventoryDb(
    async (query) =>
      (await query('SELECT order_id, status, line_items FROM reservations WHERE order_id IN (?)', [ids])) as {
        order_id: string;
        status: string;
        line_items: string | { sku: string; quantity: number }[];
      }[],
  );
  const soldUnits = new Map<string, number>();
  for (const reservation of reservations) {
    if (reservation.status === 'RESERVED') violations.push(`order ${reservation.order_id} still holds its reservation`);
    if (reservation.status === 'OVERSOLD') violations.push(`order ${reservation.order_id} oversold`);
    if (reservation.status !== 'COMMITTED') continue;
    const lines =
      typeof reservation.line_items === 'string' ? JSON.parse(reservation.line_items) : reservation.line_items;
    for (const line of lines as { sku: string; quantity: number }[])
      soldUnits.set(line.sku, (soldUnits.get(line.sku) ?? 0) + line.quantity);
  }
  for (const sku of CHAOS_SKUS) {
    if ((soldUnits.get(sku) ?? 0) !== (owedUnits.get(sku) ?? 0))
      violations.push(
        `${sku}: ${soldUnits.get(sku) ?? 0} units sold for COMPLETED orders holding ${owedUnits.get(sku) ?? 0}`,
      );
  }
  const receivedAfter = await receivedStockOf();
  for (const sku of CHAOS_SKUS)
    if (receivedAfter[sku] !== receivedBefore[sku])
      violations.push(`${sku}: stock received changed from ${receivedBefore[sku]} to ${receivedAfter[sku]}`);

  // Confirmations are delivered by a queue after the saga completed: wait for them, bounded.
  let unconfirmed = completed;
  const until = Date.now() + 60_000;
  while (unconfirmed.length > 0 && Date.now() < until) {
    const counts = await Promise.all(
      unconfirmed.map(async (row) => (await messagesWithKey(`confirmation-${row.saga_id}`)).length),
    );
    const twice = unconfirmed.filter((_, i) => counts[i] > 1);
    if (twice.length > 0) violations.push(`${twice.length} orders confirmed more than once`);
    unconfirmed = unconfirmed.filter((_, i) => counts[i] === 0);
    if (unconfirmed.length > 0) await delay(1_000);
  }
  if (unconfirmed.length > 0) violations.push(`${unconfirmed.length} COMPLETED orders never confirmed`);

  const letters = await withDatabaseOf(
    'orders',
    async (query) =>
      (await query('SELECT id FROM dead_letters WHERE replayed_at IS NULL AND received_at >= ?', [since])) as {
        id: string;
      }[],
  );
  if (letters.length > 0) violations.push(`${letters.length} dead letters not replayed (${letters[0].id}…)`);
  return violations;
}
