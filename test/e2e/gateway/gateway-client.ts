import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import Redis from 'ioredis';

import { lastKnownProductKey, productCacheKey } from '../../../apps/gateway/src/pets/pets.constants';
import { eventually, fleet, processNamed, RUN_DIR, runApp, urlOf } from '../support/fleet';

/** Helpers of the gateway e2e specs: calls to the gateway, the operator key, fault injection. */

export const adminKey = (): string => fleet().adminApiKey;

export interface Answer<T = any> {
  status: number;
  headers: Headers;
  body: T;
  elapsedMs: number;
}

/** One request to the gateway; the body is parsed when it is JSON. */
export async function gateway<T = any>(
  path: string,
  init: { method?: string; body?: unknown; rawBody?: string; headers?: Record<string, string>; admin?: boolean } = {},
): Promise<Answer<T>> {
  const started = Date.now();
  const headers: Record<string, string> = { ...init.headers };
  if (init.admin) headers['x-admin-key'] = adminKey();
  if (init.body !== undefined || init.rawBody !== undefined) headers['content-type'] ??= 'application/json';
  const response = await fetch(urlOf('gateway', path), {
    method: init.method ?? 'GET',
    headers,
    body: init.rawBody ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON (the docs page)
  }
  return { status: response.status, headers: response.headers, body: body as T, elapsedMs: Date.now() - started };
}

export const setFault = (dependency: string, settings: object) =>
  gateway(`/api/admin/faults/${dependency}`, { method: 'PUT', body: settings, admin: true });
export const clearFault = (dependency: string) =>
  gateway(`/api/admin/faults/${dependency}`, { method: 'DELETE', admin: true });

/** A product page as the gateway answers it. */
export interface PetPage {
  product: { id: string; name: string; species: string; category: string; priceCents: number };
  availability: {
    inStock: boolean;
    quantity: number;
    estimated: boolean;
    asOf: string;
    ageMs: number;
    reason?: string;
  };
  source: 'cache' | 'inventory' | 'last-known';
  recommendations: { productId: string; name: string; score: number; reason: string }[];
  strategy?: string;
  degraded: boolean;
  degradedReason?: string;
}

/**
 * Removes the gateway's copies of a product from the fleet's Redis: the fresh one (as its 60 s
 * TTL would, without waiting for it), and with `lastKnown` also the last-known one (as for a
 * product no page has shown yet).
 */
export async function forgetProduct(id: string, { lastKnown = false } = {}): Promise<void> {
  const { REDIS_HOST, REDIS_PORT } = processNamed('gateway').env;
  const redis = new Redis({ host: REDIS_HOST, port: Number(REDIS_PORT), lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    await redis.del(productCacheKey(id), ...(lastKnown ? [lastKnownProductKey(id)] : []));
  } finally {
    redis.disconnect();
  }
}

/** Lines of a fleet process's log (JSON lines; others skipped). */
export function logLines(process: string): Record<string, unknown>[] {
  const text = readFileSync(join(RUN_DIR, 'logs', `${process}.log`), 'utf8');
  return text.split('\n').flatMap((line) => {
    try {
      return [JSON.parse(line) as Record<string, unknown>];
    } catch {
      return [];
    }
  });
}

/** Waits until the rate-limit window of this client has passed (a plain request answers 200). */
export function untilNotThrottled(path = '/api/pets/DOG-BED-L'): Promise<true> {
  return eventually(
    'the rate limit window to pass',
    async () => ((await gateway(path)).status === 200 ? true : undefined),
    10_000,
  );
}

/** `count` requests made by `concurrency` clients in a closed loop, as fast as the gateway answers. */
export async function burst(count: number, concurrency: number, request: () => Promise<Answer>): Promise<Answer[]> {
  const answers: Answer[] = [];
  let started = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (started < count) {
        started++;
        answers.push(await request());
      }
    }),
  );
  return answers;
}

/** Starts a second gateway with the fleet's env plus `overrides`; resolves with its exit code and output. */
export function runGateway(overrides: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return runApp('gateway', overrides);
}

/** Retrains the ML advisor now (its operator route; the gateway has none) and returns the new model. */
export async function retrainAdvisor(): Promise<{
  version: number;
  baskets: number;
  products: number;
  trigger: string;
}> {
  const response = await fetch(urlOf('ml-advisor', '/retrain'), {
    method: 'POST',
    headers: { 'x-admin-key': adminKey() },
  });
  if (response.status !== 200) throw new Error(`POST /retrain answered ${response.status}`);
  return (await response.json()) as { version: number; baskets: number; products: number; trigger: string };
}

/** `advisor_order_events_total{outcome}`: what became of the `orders.completed` events the advisor received. */
export async function advisorOrderEvents(outcome: 'recorded' | 'duplicate' | 'invalid' | 'failed'): Promise<number> {
  const metrics = await (await fetch(urlOf('ml-advisor', '/metrics'))).text();
  const match = new RegExp(`advisor_order_events_total\\{outcome="${outcome}"\\} (\\d+)`).exec(metrics);
  return Number(match?.[1] ?? 0);
}
