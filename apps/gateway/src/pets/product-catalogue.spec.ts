import { HttpException, Logger, NotFoundException } from '@nestjs/common';
import { ApiResult, CATALOGUE_REQUESTS, CatalogueProductReply } from '@shop/contracts';
import { unavailable } from '@shop/platform';
import { BrokenCircuitError, BulkheadRejectedError, ResilienceRegistry, TimeoutError } from '@shop/resilience';
import { setResilienceRegistry } from '@shop/resilience/nest';
import { register } from 'prom-client';

import { LocalFaults } from '../admin/faults/local-faults';
import { KafkaRequestClient } from '../kafka/kafka-request.client';
import { InventoryCatalogueClient } from './inventory-catalogue.client';
import { ProductCache } from './product-cache';
import { ProductCatalogue } from './product-catalogue';
import { ProductSnapshot } from './product-snapshot';

const BED = { id: 'DOG-BED-L', name: 'Orthopaedic dog bed, large', species: 'dog', category: 'beds', priceCents: 8900 };
const T0 = Date.parse('2026-03-14T09:00:00.000Z');

/** A product cache in memory: both copies, and a switch that makes Redis unreachable. */
function memoryCache() {
  const fresh = new Map<string, ProductSnapshot>();
  const lastKnown = new Map<string, ProductSnapshot>();
  const state = { down: false };
  const reachable = () => (state.down ? Promise.reject(new Error('redis down')) : Promise.resolve());
  const cache = {
    fresh: (id: string) => reachable().then(() => fresh.get(id)),
    lastKnown: (id: string) => reachable().then(() => lastKnown.get(id)),
    remember: (snapshot: ProductSnapshot) =>
      reachable().then(() => {
        fresh.set(snapshot.product.id, snapshot);
        lastKnown.set(snapshot.product.id, snapshot);
      }),
  };
  return { cache: cache as unknown as ProductCache, fresh, lastKnown, state };
}

/** An inventory client that answers `reply`, or fails with it. */
function inventoryAnswering(reply: CatalogueProductReply | Error) {
  const asked: string[] = [];
  const client = {
    product: (id: string) => {
      asked.push(id);
      return reply instanceof Error ? Promise.reject(reply) : Promise.resolve(reply);
    },
  };
  return { client: client as unknown as InventoryCatalogueClient, asked };
}

/** What a failed read answers: the HttpException's status and body. */
async function failureOf(read: Promise<unknown>): Promise<{ status: number; body: unknown }> {
  const error = await read.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof HttpException)) throw new Error(`expected an HttpException, got ${String(error)}`);
  return { status: error.getStatus(), body: error.getResponse() };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

let warned: unknown[];
beforeEach(() => {
  warned = [];
  // Debug lines (one per fallback) stay out of the test output; warnings are checked.
  jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);
  jest.spyOn(Logger.prototype, 'warn').mockImplementation((entry: unknown) => void warned.push(entry));
});
afterEach(() => jest.restoreAllMocks());

describe('ProductCatalogue', () => {
  let now: number;
  const clock = () => now;
  beforeEach(() => (now = T0));

  it('answers the fresh cached copy without asking inventory', async () => {
    const { cache, fresh } = memoryCache();
    fresh.set(BED.id, { product: BED, available: 7, asOf: new Date(T0 - 20_000).toISOString() });
    const { client, asked } = inventoryAnswering(new Error('must not be asked'));
    const read = await new ProductCatalogue(cache, client, clock).read(BED.id);
    expect(read).toMatchObject({ source: 'cache', availability: { quantity: 7, estimated: false, ageMs: 20_000 } });
    expect(asked).toEqual([]);
  });

  it('asks inventory on a miss and keeps its answer as both copies, stamped by the gateway’s clock', async () => {
    const { cache, fresh, lastKnown } = memoryCache();
    const { client, asked } = inventoryAnswering({ product: BED, available: 97 });
    const read = await new ProductCatalogue(cache, client, clock).read(BED.id);
    expect(read).toEqual({
      product: BED,
      availability: { inStock: true, quantity: 97, estimated: false, asOf: new Date(T0).toISOString(), ageMs: 0 },
      source: 'inventory',
    });
    expect(asked).toEqual([BED.id]);
    await flush();
    const kept = { product: BED, available: 97, asOf: new Date(T0).toISOString() };
    expect(fresh.get(BED.id)).toEqual(kept);
    expect(lastKnown.get(BED.id)).toEqual(kept);
  });

  it.each([
    [
      'slow (its budget ran out)',
      new TimeoutError(1000, 'inventory_catalogue'),
      'inventory did not answer within 1000 ms',
    ],
    ['behind an open breaker', new BrokenCircuitError('inventory_catalogue', T0 + 5000), 'circuit is open'],
    ['down (no reply on Kafka)', unavailable('inventory', new Error('aborted')), 'inventory did not answer: aborted'],
    ['over its bulkhead', new BulkheadRejectedError('full', 32, 32, 32, 'inventory_catalogue'), 'too many'],
  ])(
    'while inventory is %s, answers the last-known copy, estimated, with its age and why',
    async (_, failure, reason) => {
      const { cache, lastKnown } = memoryCache();
      const asOf = new Date(T0 - 3_600_000).toISOString();
      lastKnown.set(BED.id, { product: BED, available: 12, asOf });
      const read = await new ProductCatalogue(cache, inventoryAnswering(failure).client, clock).read(BED.id);
      expect(read).toEqual({
        product: BED,
        availability: {
          inStock: true,
          quantity: 12,
          estimated: true,
          asOf,
          ageMs: 3_600_000,
          reason: expect.stringContaining(reason) as string,
        },
        source: 'last-known',
      });
    },
  );

  it('without a last-known copy, answers 503 CATALOGUE_UNAVAILABLE naming the product and why', async () => {
    const { cache } = memoryCache();
    const { client } = inventoryAnswering(new TimeoutError(1000, 'inventory_catalogue'));
    expect(await failureOf(new ProductCatalogue(cache, client, clock).read(BED.id))).toEqual({
      status: 503,
      body: {
        error: 'CATALOGUE_UNAVAILABLE',
        message:
          'product DOG-BED-L cannot be shown: inventory did not answer within 1000 ms, and the gateway has no last-known copy of it',
      },
    });
  });

  it('with Redis down as well, answers the same 503 (no copy is readable), never a 500', async () => {
    const { cache, state, lastKnown } = memoryCache();
    lastKnown.set(BED.id, { product: BED, available: 12, asOf: new Date(T0).toISOString() });
    state.down = true;
    const { client } = inventoryAnswering(unavailable('inventory', new Error('aborted')));
    expect(await failureOf(new ProductCatalogue(cache, client, clock).read(BED.id))).toMatchObject({
      status: 503,
      body: { error: 'CATALOGUE_UNAVAILABLE' },
    });
  });

  it('an unknown product stays 404: no copy stands in for inventory’s answer', async () => {
    const { cache, lastKnown } = memoryCache();
    lastKnown.set('GONE', { product: { ...BED, id: 'GONE' }, available: 1, asOf: new Date(T0).toISOString() });
    const { client } = inventoryAnswering(new NotFoundException({ error: 'NOT_FOUND', message: 'no product GONE' }));
    expect((await failureOf(new ProductCatalogue(cache, client, clock).read('GONE'))).status).toBe(404);
  });

  it('an unexpected failure is logged, and the client told only that the read failed', async () => {
    const { cache, lastKnown } = memoryCache();
    lastKnown.set(BED.id, { product: BED, available: 12, asOf: new Date(T0).toISOString() });
    const { client } = inventoryAnswering(new TypeError("Cannot read properties of undefined (reading 'x')"));
    const read = await new ProductCatalogue(cache, client, clock).read(BED.id);
    expect(read.availability.reason).toBe('inventory_catalogue failed');
    expect(warned).toEqual([
      {
        msg: 'unexpected product read failure',
        id: BED.id,
        error: "Cannot read properties of undefined (reading 'x')",
      },
    ]);
  });

  it('answers from inventory again once it is back, and the new figure replaces the last-known one', async () => {
    const { cache, lastKnown } = memoryCache();
    lastKnown.set(BED.id, { product: BED, available: 12, asOf: new Date(T0 - 60_000).toISOString() });
    const down = new ProductCatalogue(cache, inventoryAnswering(new TimeoutError(1000)).client, clock);
    expect((await down.read(BED.id)).source).toBe('last-known');
    const back = new ProductCatalogue(cache, inventoryAnswering({ product: BED, available: 11 }).client, clock);
    expect((await back.read(BED.id)).availability).toMatchObject({ quantity: 11, estimated: false });
    await flush();
    expect(lastKnown.get(BED.id)?.available).toBe(11);
  });
});

/** Through the real client and resilience stack: a Kafka that never answers, as a dead inventory. */
describe('ProductCatalogue with inventory silent on Kafka', () => {
  let registry: ResilienceRegistry;

  beforeEach(() => {
    register.clear();
    registry = new ResilienceRegistry({
      resilience: {
        dependencies: {
          inventory_catalogue: {
            timeoutMs: 100,
            circuitBreaker: { mode: 'consecutive', failureThreshold: 2, openMs: 60_000, successThreshold: 1 },
          },
        },
      },
    });
    setResilienceRegistry(registry);
  });

  afterEach(async () => {
    setResilienceRegistry(undefined);
    await registry.close();
    register.clear();
  });

  it('falls back at the budget while the breaker is closed, then at once once it has opened', async () => {
    const signals: AbortSignal[] = [];
    const silentKafka = Object.assign(Object.create(KafkaRequestClient.prototype) as KafkaRequestClient, {
      request: (topic: string, _payload: object, signal?: AbortSignal): Promise<ApiResult<unknown>> => {
        expect(topic).toBe(CATALOGUE_REQUESTS.product);
        signals.push(signal!);
        return new Promise((_, reject) =>
          signal?.addEventListener('abort', () => reject(signal.reason as Error), { once: true }),
        );
      },
    });
    const { cache, lastKnown } = memoryCache();
    lastKnown.set(BED.id, { product: BED, available: 12, asOf: new Date().toISOString() });
    const catalogue = new ProductCatalogue(cache, new InventoryCatalogueClient(silentKafka, new LocalFaults()));

    for (let i = 0; i < 2; i++) {
      const started = Date.now();
      const read = await catalogue.read(BED.id);
      expect(Date.now() - started).toBeGreaterThanOrEqual(90);
      expect(read.availability).toMatchObject({
        estimated: true,
        reason: 'inventory did not answer within 100 ms',
      });
    }
    expect(signals.every((s) => s.aborted)).toBe(true);

    const started = Date.now();
    const read = await catalogue.read(BED.id);
    expect(Date.now() - started).toBeLessThan(50);
    expect(read.availability).toMatchObject({ estimated: true, reason: 'the inventory_catalogue circuit is open' });
    expect(signals).toHaveLength(2);
  });
});
