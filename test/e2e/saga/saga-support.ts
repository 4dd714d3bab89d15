import { randomUUID } from 'node:crypto';

import { Kafka, Producer } from 'kafkajs';
import { createConnection } from 'mysql2/promise';

import { eventually, fleet, processNamed, urlOf } from '../support/fleet';

/** Helpers of the saga e2e suites: place and follow orders, inject provider faults, read stock. */

export interface OrderBody {
  customerId: string;
  items: { sku: string; quantity: number }[];
  payment: { method: string };
  shippingAddress: { name: string; street: string; city: string; postalCode: string; country: string };
}

export interface StepView {
  step: number;
  name: string;
  state: string;
  attempts: number;
  lastError: string | null;
  compensation: { state: string; attempts: number; lastError: string | null } | null;
}

/** An order as the gateway answers it (money in cents). */
export interface OrderView {
  orderId: string;
  status: string;
  itemsTotal: number;
  total: number | null;
  shippingCost: number | null;
  lines: { sku: string; quantity: number; unitPrice: number }[];
  shippingFallback: boolean;
  chargeId: string | null;
  saga: { sagaId: string; status: string; lastError: string | null; steps: StepView[] };
}

export const FINAL = ['COMPLETED', 'COMPENSATED', 'FAILED'];

/** Access tokens of the orders this test process placed: `GET /api/orders/:id` needs one. */
const accessTokens = new Map<string, string>();
export const accessTokenOf = (orderId: string): string | undefined => accessTokens.get(orderId);
/** Headers of the operator key, for `/api/sagas` and reading any order. */
export const adminHeaders = (): Record<string, string> => ({ 'x-admin-key': fleet().adminApiKey });

export function orderBody(items: OrderBody['items'], overrides: Partial<OrderBody> = {}): OrderBody {
  return {
    customerId: `cust-${randomUUID().slice(0, 8)}`,
    items,
    payment: { method: 'card' },
    shippingAddress: {
      name: 'Ada Lovelace',
      street: 'Hauptstraße 1',
      city: 'Berlin',
      postalCode: '10115',
      country: 'DE',
    },
    ...overrides,
  };
}

/** `idempotencyKey: null` sends no Idempotency-Key header. */
export async function postOrder(
  body: unknown,
  idempotencyKey: string | null = randomUUID(),
): Promise<{ status: number; body: Record<string, unknown> }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (idempotencyKey !== null) headers['idempotency-key'] = idempotencyKey;
  const response = await fetch(urlOf('gateway', '/api/orders'), {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as Record<string, unknown>;
  if (response.status === 202 && typeof answer.accessToken === 'string')
    accessTokens.set(String(answer.orderId), answer.accessToken);
  return { status: response.status, body: answer };
}

/** Places an order and returns its id (fails the test on anything but 202). */
export async function placeOrder(body: OrderBody, idempotencyKey = randomUUID()): Promise<string> {
  const { status, body: answer } = await postOrder(body, idempotencyKey);
  if (status !== 202) throw new Error(`POST /api/orders answered ${status}: ${JSON.stringify(answer)}`);
  return String(answer.orderId);
}

export async function getOrder(orderId: string): Promise<OrderView> {
  // With the order's own token when this process placed it, else with the operator key.
  const token = accessTokens.get(orderId);
  const response = await fetch(urlOf('gateway', `/api/orders/${orderId}`), {
    headers: token ? { 'x-order-token': token } : adminHeaders(),
  });
  if (response.status !== 200) throw new Error(`GET order answered ${response.status}`);
  return (await response.json()) as OrderView;
}

/** Polls the order until `predicate` holds. */
export function orderWhen(
  orderId: string,
  what: string,
  predicate: (o: OrderView) => boolean,
  timeoutMs = 30_000,
): Promise<OrderView> {
  return eventually(
    `order ${orderId} ${what}`,
    async () => {
      const order = await getOrder(orderId);
      return predicate(order) ? order : undefined;
    },
    timeoutMs,
  );
}

export const finalOrder = (orderId: string, timeoutMs = 30_000): Promise<OrderView> =>
  orderWhen(orderId, 'to reach a final saga state', (o) => FINAL.includes(o.saga.status), timeoutMs);

// ---- provider simulators --------------------------------------------------------------------

export type ProviderName = 'payment-provider' | 'carrier' | 'notification-provider';

export async function setFaults(provider: ProviderName, patch: Record<string, unknown>): Promise<void> {
  const response = await fetch(urlOf(provider, '/admin/faults'), {
    method: 'PUT',
    headers: { 'content-type': 'application/json', 'x-admin-key': fleet().adminApiKey },
    body: JSON.stringify(patch),
  });
  if (response.status !== 200) throw new Error(`PUT ${provider} /admin/faults answered ${response.status}`);
}

export async function clearAllFaults(): Promise<void> {
  for (const provider of ['payment-provider', 'carrier', 'notification-provider'] as const) {
    await fetch(urlOf(provider, '/admin/faults'), {
      method: 'DELETE',
      headers: { 'x-admin-key': fleet().adminApiKey },
    });
  }
}

export interface Charge {
  chargeId: string;
  status: 'captured' | 'declined';
  orderId: string;
  amount: number;
  refunded: boolean;
  requests: number;
}

export async function chargesOf(orderId?: string): Promise<Charge[]> {
  const query = orderId ? `?orderId=${encodeURIComponent(orderId)}` : '';
  const response = await fetch(urlOf('payment-provider', `/charges${query}`), { headers: adminHeaders() });
  return ((await response.json()) as { charges: Charge[] }).charges;
}

export async function messagesWithKey(idempotencyKey: string): Promise<{ deliveries: number; requests: number }[]> {
  const response = await fetch(
    urlOf('notification-provider', `/messages?idempotencyKey=${encodeURIComponent(idempotencyKey)}`),
    { headers: adminHeaders() },
  );
  return ((await response.json()) as { messages: { deliveries: number; requests: number }[] }).messages;
}

export async function metricsOf(app: string): Promise<string> {
  return (await fetch(urlOf(app, '/metrics'))).text();
}

// ---- inventory's database (read to check conservation; written only to arrange scarce stock) ----

export interface Stock {
  available: number;
  reserved: number;
  sold: number;
}

export type Query = (sql: string, params?: unknown[]) => Promise<unknown[]>;

export function withInventoryDb<T>(work: (query: Query) => Promise<T>): Promise<T> {
  return withDatabaseOf('inventory', work);
}

/** A connection to an app's own database (the fleet's env names it). */
export async function withDatabaseOf<T>(app: string, work: (query: Query) => Promise<T>): Promise<T> {
  const env = processNamed(app).env;
  const connection = await createConnection({
    host: env.MYSQL_HOST ?? '127.0.0.1',
    port: Number(env.MYSQL_PORT ?? 3306),
    user: env.MYSQL_USER ?? 'root',
    password: env.MYSQL_PASSWORD ?? '',
    database: env.MYSQL_DATABASE,
  });
  try {
    return await work(async (sql, params) => (await connection.query(sql, params))[0] as unknown[]);
  } finally {
    await connection.end();
  }
}

export async function stockOf(skus: string[]): Promise<Record<string, Stock>> {
  return withInventoryDb(async (query) => {
    const rows = (await query('SELECT sku, available, reserved, sold FROM products WHERE sku IN (?)', [
      skus,
    ])) as (Stock & { sku: string })[];
    return Object.fromEntries(
      rows.map((r) => [r.sku, { available: Number(r.available), reserved: Number(r.reserved), sold: Number(r.sold) }]),
    );
  });
}

// ---- raw Kafka, to redeliver a command as the broker would ------------------------------------

export async function withProducer<T>(work: (producer: Producer) => Promise<T>): Promise<T> {
  const kafka = new Kafka({ clientId: 'e2e-saga', brokers: String(fleet().kafkaBrokers).split(','), logLevel: 1 });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  try {
    return await work(producer);
  } finally {
    await producer.disconnect();
  }
}
