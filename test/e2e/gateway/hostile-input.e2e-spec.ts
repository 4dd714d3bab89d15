import { randomUUID } from 'node:crypto';

import { accessTokenOf, finalOrder, orderBody, postOrder } from '../saga/saga-support';
import { fleet, urlOf } from '../support/fleet';
import { gateway } from './gateway-client';

// Issue 12: every hostile input named in the issue is a 4xx naming the field or the reason, and
// customers' orders, sagas and logs are readable only with the order's token or the admin key.
jest.setTimeout(60_000);

const ITEMS = [{ sku: 'CAT-TOY-MOUSE', quantity: 1 }];
const nested = (depth: number): string => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

describe('hostile input at the edge', () => {
  it.each([
    ['/api/orders', { 'idempotency-key': randomUUID() }],
    ['/api/logs', {}],
  ])('POST %s with a body nested 5 000 deep → 400 BODY_TOO_DEEP', async (path, headers) => {
    const answer = await gateway(path, { method: 'POST', rawBody: nested(5_000), headers });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: 'BODY_TOO_DEEP', field: 'body' });
  });

  const { payment: _p, ...withoutPayment } = orderBody(ITEMS);
  const { shippingAddress: _s, ...withoutAddress } = orderBody(ITEMS);
  it.each([
    ['without payment', withoutPayment, 'payment'],
    ['payment as an array', { ...orderBody(ITEMS), payment: [{ method: 'card' }] }, 'payment'],
    ['payment null', { ...orderBody(ITEMS), payment: null }, 'payment'],
    ['without shippingAddress', withoutAddress, 'shippingAddress'],
    ['shippingAddress as an array', { ...orderBody(ITEMS), shippingAddress: [] }, 'shippingAddress'],
    ['an item that is an array', { ...orderBody(ITEMS), items: [[]] }, 'items'],
    ['an unknown key', { ...orderBody(ITEMS), extra: 1 }, 'extra'],
  ])('POST /api/orders %s → 400 naming %s', async (_what, body, field) => {
    const { status, body: answer } = await postOrder(body);
    expect(status).toBe(400);
    expect(String(answer.field)).toMatch(new RegExp(`^${field}`));
  });

  it('a lone surrogate in the address → 400 MALFORMED_UNICODE naming the field', async () => {
    const body = JSON.stringify(orderBody(ITEMS)).replace('"Berlin"', '"Ber\\ud800lin"');
    const answer = await gateway('/api/orders', {
      method: 'POST',
      rawBody: body,
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: 'MALFORMED_UNICODE', field: 'shippingAddress.city' });
  });

  it('a lone surrogate in a log entry is refused at once (not dead-lettered later)', async () => {
    const answer = await gateway('/api/logs', { method: 'POST', rawBody: '{"level":"info","message":"x\\udfffy"}' });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ field: 'message' });
  });

  it('an x-request-id longer than the outbox column is replaced, and the order is accepted', async () => {
    const long = 'r'.repeat(100);
    const answer = await fetch(urlOf('gateway', '/api/orders'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID(), 'x-request-id': long },
      body: JSON.stringify(orderBody(ITEMS)),
    });
    expect(answer.status).toBe(202);
    expect(answer.headers.get('x-request-id')).not.toBe(long);
  });

  it.each(['0x10', ' 5', '5e0', ''])('numbers are parsed strictly: limit=%j → 400 naming limit', async (limit) => {
    const answer = await gateway(`/api/recommendations?productId=DOG-BED-L&limit=${encodeURIComponent(limit)}`);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ field: 'limit' });
  });

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])(
    'an id naming an Object.prototype member (%s) is an ordinary unknown id',
    async (id) => {
      for (const path of [`/api/recommendations?productId=${id}`, `/api/recommendations?customerId=${id}`]) {
        const answer = await gateway(path);
        expect(answer.status).toBeLessThan(500);
      }
      const breaker = await gateway('/api/admin/resilience', { admin: true });
      expect(breaker.body.dependencies.ml_advisor.circuit).not.toBe('open');
    },
  );

  it.each([
    [{ constructor: { prototype: { x: 1 } } }, 'constructor'],
    [JSON.parse('{"__proto__":{"timeoutMs":5}}'), '__proto__'],
    [{ timeoutMs: 1e308 }, 'timeoutMs'],
    [{ timeoutMs: 1.5 }, 'timeoutMs'],
    [{ bulkhead: { mysteryKnob: 1 } }, 'bulkhead.mysteryKnob'],
  ])('PATCH /api/admin/resilience/ml_advisor %j → 400 naming the field', async (patch, field) => {
    const answer = await gateway('/api/admin/resilience/ml_advisor', {
      method: 'PATCH',
      rawBody: JSON.stringify(patch),
      admin: true,
    });
    expect(answer.status).toBe(400);
    expect(String(answer.body.field)).toContain(field);
  });

  // Found by the fuzz suite (seed 20261203): accepted, or 400s that named no field.
  it.each([
    ['payment', '{"constructor":1,"method":"card"}', 'payment.constructor'],
    [
      'shippingAddress',
      '{"toString":1,"name":"A","street":"S","city":"C","postalCode":"10115","country":"DE"}',
      'shippingAddress.toString',
    ],
  ])('fuzz regression: a prototype-named key inside %s → 400 FORBIDDEN_KEY', async (key, value, field) => {
    const body = JSON.stringify(orderBody(ITEMS)).replace(new RegExp(`"${key}":\\{[^}]*\\}`), `"${key}":${value}`);
    const answer = await gateway('/api/orders', {
      method: 'POST',
      rawBody: body,
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: 'FORBIDDEN_KEY', field });
  });

  it('fuzz regression: a prototype-named key in a log entry → 400 FORBIDDEN_KEY', async () => {
    const answer = await gateway('/api/logs', {
      method: 'POST',
      rawBody: '{"prototype":{"polluted":1},"level":"info","message":"m"}',
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: 'FORBIDDEN_KEY', field: 'prototype' });
  });

  it('fuzz regression: an empty query key is named in the 400', async () => {
    const answer = await gateway('/api/recommendations?productId=DOG-BED-L&=null');
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ field: '""' });
  });

  it('fuzz regression: a malformed scenario run id → 400 naming id', async () => {
    const answer = await gateway('/api/admin/scenarios/runs/constructor', { admin: true });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ field: 'id' });
  });

  it('PUT /api/admin/faults/:dependency {"mode": null} → 400 naming mode', async () => {
    const answer = await gateway('/api/admin/faults/carrier', { method: 'PUT', body: { mode: null }, admin: true });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ field: 'mode' });
  });
});

describe("customers' data stays private", () => {
  let orderId: string;
  let token: string;

  beforeAll(async () => {
    const { status, body } = await postOrder(orderBody(ITEMS));
    expect(status).toBe(202);
    orderId = String(body.orderId);
    token = String(body.accessToken);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(accessTokenOf(orderId)).toBe(token);
    await finalOrder(orderId);
  });

  it('GET /api/orders/:id: 404 without a token or with a wrong one, 200 with the token or the admin key', async () => {
    const none = await gateway(`/api/orders/${orderId}`);
    expect(none.status).toBe(404);
    expect(none.body).toMatchObject({ error: 'NOT_FOUND', message: `no order ${orderId}` });
    expect(JSON.stringify(none.body)).not.toContain('Ada');
    expect((await gateway(`/api/orders/${orderId}`, { headers: { 'x-order-token': `${token}x` } })).status).toBe(404);
    const other = await postOrder(orderBody(ITEMS));
    expect(
      (await gateway(`/api/orders/${orderId}`, { headers: { 'x-order-token': String(other.body.accessToken) } }))
        .status,
    ).toBe(404);

    const mine = await gateway(`/api/orders/${orderId}`, { headers: { 'x-order-token': token } });
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ orderId, shippingAddress: { name: 'Ada Lovelace' } });
    expect((await gateway(`/api/orders/${orderId}`, { admin: true })).status).toBe(200);
  });

  it.each(['/api/sagas', '/api/sagas?limit=1', '/api/logs', '/api/logs/stats'])(
    'GET %s is an operator route: 401 without the key, 403 with a wrong one, 200 with it',
    async (path) => {
      expect((await gateway(path)).status).toBe(401);
      expect((await gateway(path, { headers: { 'x-admin-key': 'not-the-admin-key' } })).status).toBe(403);
      expect((await gateway(path, { admin: true })).status).toBe(200);
    },
  );

  it('the payment simulator keys its ledger', async () => {
    expect((await fetch(urlOf('payment-provider', '/charges'))).status).toBe(401);
    const keyed = await fetch(urlOf('payment-provider', '/charges'), {
      headers: { 'x-admin-key': fleet().adminApiKey },
    });
    expect(keyed.status).toBe(200);
  });
});
