import { randomUUID } from 'node:crypto';

import { fleet, urlOf } from '../support/fleet';
import { adminHeaders, finalOrder, orderBody, postOrder } from './saga-support';

// Sagas finish in seconds, but waits on recoveries (breakers, queues) can take longer than jest's default 5 s.
jest.setTimeout(120_000);

describe('order API (gateway)', () => {
  it('answers 202 with the order id and a status URL', async () => {
    const { status, body } = await postOrder(orderBody([{ sku: 'CAT-TOY-MOUSE', quantity: 1 }]));
    expect(status).toBe(202);
    expect(body.orderId).toEqual(expect.stringMatching(/^[0-9a-f-]{36}$/));
    expect(body.statusUrl).toBe(`/api/orders/${String(body.orderId)}`);
    await finalOrder(String(body.orderId));
  });

  it('requires an Idempotency-Key header and names it', async () => {
    const { status, body } = await postOrder(orderBody([{ sku: 'CAT-TOY-MOUSE', quantity: 1 }]), null);
    expect(status).toBe(400);
    expect(JSON.stringify(body)).toContain('Idempotency-Key');
  });

  it.each([
    ['a quantity above 100', { items: [{ sku: 'CAT-TOY-MOUSE', quantity: 101 }] }, 'quantity'],
    ['a quantity of 0', { items: [{ sku: 'CAT-TOY-MOUSE', quantity: 0 }] }, 'quantity'],
    ['no items', { items: [] }, 'items'],
    ['an unknown payment method', { payment: { method: 'bitcoin' } }, 'method'],
    [
      'a bad country code',
      { shippingAddress: { name: 'A', street: 'B', city: 'C', postalCode: '123', country: 'germany' } },
      'country',
    ],
  ])('refuses %s with 400 naming the field', async (_case, override, field) => {
    const { status, body } = await postOrder({ ...orderBody([{ sku: 'CAT-TOY-MOUSE', quantity: 1 }]), ...override });
    expect(status).toBe(400);
    expect(JSON.stringify(body)).toContain(field);
  });

  it('refuses fields it does not know (whitelist + forbidNonWhitelisted)', async () => {
    const { status, body } = await postOrder({ ...orderBody([{ sku: 'CAT-TOY-MOUSE', quantity: 1 }]), discount: 100 });
    expect(status).toBe(400);
    expect(JSON.stringify(body)).toContain('discount');
  });

  it('answers 422 for an unknown SKU, naming the item', async () => {
    const { status, body } = await postOrder(
      orderBody([
        { sku: 'CAT-TOY-MOUSE', quantity: 1 },
        { sku: 'UNICORN-FOOD', quantity: 1 },
      ]),
    );
    expect(status).toBe(422);
    expect(JSON.stringify(body)).toContain('items.1.sku');
  });

  it('same key and same body → the same order, once', async () => {
    const key = randomUUID();
    const body = orderBody([{ sku: 'DOG-TREATS-500', quantity: 2 }]);
    const answers = await Promise.all([postOrder(body, key), postOrder(body, key), postOrder(body, key)]);
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202]);
    expect(new Set(answers.map((a) => a.body.orderId)).size).toBe(1);
    const order = await finalOrder(String(answers[0].body.orderId));
    expect(order.saga.status).toBe('COMPLETED');
    const sagas = (await (
      await fetch(urlOf('gateway', '/api/sagas?status=COMPLETED&limit=1000'), { headers: adminHeaders() })
    ).json()) as {
      orderId: string;
    }[];
    expect(sagas.filter((s) => s.orderId === order.orderId)).toHaveLength(1);
  });

  it('same key with a different body → 409', async () => {
    const key = randomUUID();
    expect((await postOrder(orderBody([{ sku: 'DOG-TREATS-500', quantity: 1 }]), key)).status).toBe(202);
    const { status, body } = await postOrder(orderBody([{ sku: 'DOG-TREATS-500', quantity: 3 }]), key);
    expect(status).toBe(409);
    expect(JSON.stringify(body)).toContain('Idempotency-Key');
  });

  it('GET /api/orders/:id: 404 for an unknown order, 400 for a malformed id', async () => {
    const unknownId = randomUUID();
    const unknown = await fetch(urlOf('gateway', `/api/orders/${unknownId}`), { headers: adminHeaders() });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({
      statusCode: 404,
      error: 'NOT_FOUND',
      field: 'id',
      message: `no order ${unknownId}`,
    });
    const bad = await fetch(urlOf('gateway', '/api/orders/not-a-uuid'));
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('id');
  });

  it('GET /api/sagas lists sagas by status and GET /api/sagas/:id shows one with its steps', async () => {
    const { body } = await postOrder(orderBody([{ sku: 'BIRD-SEED-2KG', quantity: 1 }]));
    const order = await finalOrder(String(body.orderId));
    const list = (await (
      await fetch(urlOf('gateway', '/api/sagas?status=COMPLETED'), { headers: adminHeaders() })
    ).json()) as {
      sagaId: string;
      status: string;
    }[];
    expect(list.length).toBeGreaterThan(0);
    expect(list.every((s) => s.status === 'COMPLETED')).toBe(true);
    const saga = (await (
      await fetch(urlOf('gateway', `/api/sagas/${order.saga.sagaId}`), { headers: adminHeaders() })
    ).json()) as {
      steps: unknown[];
      orderId: string;
    };
    expect(saga.orderId).toBe(order.orderId);
    expect(saga.steps).toHaveLength(6);
    expect((await fetch(urlOf('gateway', '/api/sagas?status=SLEEPING'), { headers: adminHeaders() })).status).toBe(400);
  });

  it('dead letters need the admin key: missing → 401, wrong → 403, right → 200', async () => {
    const path = '/api/admin/dead-letters';
    expect((await fetch(urlOf('gateway', path))).status).toBe(401);
    expect((await fetch(urlOf('gateway', path), { headers: { 'x-admin-key': 'not-the-key-at-all' } })).status).toBe(
      403,
    );
    const ok = await fetch(urlOf('gateway', path), { headers: { 'x-admin-key': fleet().adminApiKey } });
    expect(ok.status).toBe(200);
    expect(Array.isArray(await ok.json())).toBe(true);
  });
});
