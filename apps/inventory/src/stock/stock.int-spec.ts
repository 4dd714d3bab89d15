import 'reflect-metadata';

import { randomUUID } from 'node:crypto';

import { CATALOGUE, SagaAction, SagaCommand, sagaCommandId } from '@shop/contracts';
import { OUTBOX_MIGRATIONS, ProcessedMessages1732500000000 } from '@shop/messaging';
import { createPrivateDatabase, PrivateDatabase } from '@shop/platform/testing';
import { register } from 'prom-client';

import { Catalogue1732600000100 } from '../migrations/1732600000100-catalogue';
import { ProductsRepository } from './products.repository';
import { ReservationsRepository } from './reservations.repository';
import { StockMetrics } from './stock.metrics';
import { StockService } from './stock.service';

/** Inventory's stock against a real MariaDB (a private database per run), with its clock moved on. */

const HOLD_MS = 15 * 60_000;
const SKU = CATALOGUE[0].sku;
const SIXTEEN_MINUTES_ON = (): Date => new Date(Date.now() + 16 * 60_000);

let db: PrivateDatabase;
let stock: StockService;
let metrics: StockMetrics;

beforeAll(async () => {
  db = await createPrivateDatabase('inventory_stock', [
    ProcessedMessages1732500000000,
    ...OUTBOX_MIGRATIONS,
    Catalogue1732600000100,
  ]);
});
afterAll(() => db.dispose());

beforeEach(() => {
  register.clear();
  metrics = new StockMetrics();
  stock = new StockService(
    db.dataSource,
    metrics,
    new ProductsRepository(db.dataSource),
    new ReservationsRepository(db.dataSource),
  );
});

function command(sagaId: string, action: SagaAction, quantity = 2): SagaCommand {
  const reserve = action === 'RESERVE_STOCK';
  return {
    version: 1,
    messageId: action === 'COMMIT_STOCK' ? `${sagaId}/2/k` : sagaCommandId(sagaId, 2, 'action'),
    sagaId,
    orderId: sagaId,
    step: 2,
    action,
    attempt: 1,
    sentAt: new Date().toISOString(),
    payload: reserve ? { lines: [{ sku: SKU, quantity }], holdMs: HOLD_MS } : {},
  };
}

async function units(): Promise<{ available: number; reserved: number; sold: number }> {
  const [row] = await db.dataSource.query<{ available: number; reserved: number; sold: number }[]>(
    'SELECT available, reserved, sold FROM products WHERE sku = ?',
    [SKU],
  );
  return { available: Number(row.available), reserved: Number(row.reserved), sold: Number(row.sold) };
}

async function statusOf(sagaId: string): Promise<string> {
  const [row] = await db.dataSource.query<{ status: string }[]>('SELECT status FROM reservations WHERE saga_id = ?', [
    sagaId,
  ]);
  return row.status;
}

const counted = async (outcome: string): Promise<number> =>
  (await metrics.lateCommits.get()).values.find((v) => v.labels.outcome === outcome)?.value ?? 0;

describe('stock with the clock 16 minutes on (real MariaDB)', () => {
  it('a commit after its reservation expired takes the units again: the paid order keeps its stock', async () => {
    const sagaId = randomUUID();
    const before = await units();
    await stock.handle(command(sagaId, 'RESERVE_STOCK'));
    expect(await stock.expire(sagaId, SIXTEEN_MINUTES_ON())).toBe(true);
    expect(await units()).toEqual(before);

    await stock.handle(command(sagaId, 'COMMIT_STOCK'));
    expect(await statusOf(sagaId)).toBe('COMMITTED');
    expect(await units()).toEqual({ ...before, available: before.available - 2, sold: before.sold + 2 });
    expect(await counted('re_reserved')).toBe(1);
  });

  it('a late commit whose units were sold meanwhile is recorded OVERSOLD, counted and never takes stock below zero', async () => {
    const late = randomUUID();
    await stock.handle(command(late, 'RESERVE_STOCK'));
    await stock.expire(late, SIXTEEN_MINUTES_ON());
    // Another order takes everything that is left.
    const rest = (await units()).available;
    const other = randomUUID();
    await stock.handle(command(other, 'RESERVE_STOCK', rest));
    expect(await statusOf(other)).toBe('RESERVED');
    const before = await units();

    await stock.handle(command(late, 'COMMIT_STOCK'));
    expect(await statusOf(late)).toBe('OVERSOLD');
    expect(await units()).toEqual(before);
    expect(before.available).toBe(0);
    expect((await metrics.oversoldUnits.get()).values[0].value).toBe(2);
    expect(await counted('oversold')).toBe(1);

    // Leave the stock as the other tests expect it.
    await stock.handle({ ...command(other, 'RELEASE_STOCK'), messageId: sagaCommandId(other, 2, 'compensation') });
  });

  it('a reservation committed in time is never expired', async () => {
    const sagaId = randomUUID();
    await stock.handle(command(sagaId, 'RESERVE_STOCK'));
    await stock.handle(command(sagaId, 'COMMIT_STOCK'));
    expect(await stock.dueReservations(SIXTEEN_MINUTES_ON())).not.toContain(sagaId);
    expect(await stock.expire(sagaId, SIXTEEN_MINUTES_ON())).toBe(false);
    expect(await statusOf(sagaId)).toBe('COMMITTED');
  });
});
