import { randomUUID } from 'node:crypto';

import Ajv from 'ajv';

import { completenessProblems, headerOf, validatorErrors } from '../../architecture/openapi-audit';
import { eventually } from '../support/fleet';
import { clearFault, forgetProduct, gateway, setFault } from './gateway-client';

jest.setTimeout(60_000);

/**
 * OpenAPI 3.0 writes a nullable reference as `{ allOf: [ref], nullable: true }`, which Ajv
 * refuses (`nullable` needs a `type`): the JSON Schema spelling of the same is `anyOf` with null.
 */
function asJsonSchema(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(asJsonSchema);
  if (value === null || typeof value !== 'object') return value;
  const { nullable, ...rest } = value as Record<string, unknown>;
  const converted = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, asJsonSchema(v)]));
  if (nullable === true && converted.type === undefined) return { anyOf: [converted, { type: 'null' }] };
  return nullable === undefined ? converted : { ...converted, nullable };
}

// The document the running gateway serves is valid and complete (the same audit as the unit
// spec), and what it says an answer looks like is what the fleet answers: live answers are
// validated against the schemas the document gives for them.
describe('the OpenAPI document of the running gateway', () => {
  let doc: any;
  let ajv: Ajv;

  beforeAll(async () => {
    const answer = await gateway('/docs-json');
    expect(answer.status).toBe(200);
    doc = answer.body;
    // OpenAPI 3.0 schemas are JSON Schema plus `nullable` and `example`, which Ajv knows or skips.
    ajv = new Ajv({ strict: false, allErrors: true });
    ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
    ajv.addFormat('date', /^\d{4}-\d{2}-\d{2}$/);
    ajv.addFormat(
      'date-time',
      (value: string) => /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value)),
    );
    ajv.addSchema(asJsonSchema(doc) as object, 'openapi');
  });

  /** Problems of `body` against the schema the document gives for `status` of `method path`. */
  function schemaProblems(method: string, path: string, status: number, body: unknown): string[] {
    const content = doc.paths[path]?.[method]?.responses?.[String(status)]?.content?.['application/json'];
    if (!content?.schema) return [`${method} ${path} documents no ${status} schema`];
    const pointer = JSON.stringify(content.schema).replaceAll('#/components', 'openapi#/components');
    const check = ajv.compile(JSON.parse(pointer) as object);
    return check(body) ? [] : (check.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
  }

  it('is valid, and documents every body, answer, limit and error answer', async () => {
    expect(await validatorErrors(doc)).toEqual([]);
    expect(completenessProblems(doc)).toEqual([]);
    expect(headerOf(doc, 'POST /api/orders', 'Idempotency-Key')).toMatchObject({ required: true });
  });

  it('answers a product page, the system status and an order as documented', async () => {
    const page = await gateway('/api/pets/DOG-BED-L');
    expect(page.status).toBe(200);
    expect(schemaProblems('get', '/api/pets/{id}', 200, page.body)).toEqual([]);

    const status = await gateway('/api/system/status');
    expect(status.status).toBe(200);
    expect(schemaProblems('get', '/api/system/status', 200, status.body)).toEqual([]);

    const placed = await gateway<{ orderId: string; accessToken: string }>('/api/orders', {
      method: 'POST',
      headers: { 'idempotency-key': `openapi-${randomUUID()}` },
      body: {
        customerId: 'openapi-e2e',
        items: [{ sku: 'DOG-BED-L', quantity: 1 }],
        payment: { method: 'card' },
        shippingAddress: { name: 'Ada', street: 'Hauptstraße 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
      },
    });
    expect(placed.status).toBe(202);
    expect(schemaProblems('post', '/api/orders', 202, placed.body)).toEqual([]);

    const readOrder = () =>
      gateway<{ total: number | null }>(`/api/orders/${placed.body.orderId}`, {
        headers: { 'x-order-token': placed.body.accessToken },
      });
    const order = await readOrder();
    expect(order.status).toBe(200);
    expect(schemaProblems('get', '/api/orders/{id}', 200, order.body)).toEqual([]);
    // Once shipping is quoted every money field is set: the same answer, checked again in full.
    const priced = await eventually('the order to be priced', async () => {
      const answer = await readOrder();
      return answer.body.total !== null ? answer : undefined;
    });
    expect(schemaProblems('get', '/api/orders/{id}', 200, priced.body)).toEqual([]);
  });

  it('answers an estimated product page, and one it cannot show, as documented', async () => {
    await gateway('/api/pets/DOG-BED-L'); // inventory's answer, kept as the last-known copy
    await forgetProduct('DOG-BED-L');
    await forgetProduct('FISH-AQUA-300L', { lastKnown: true });
    await setFault('inventory_catalogue', { mode: 'down' });
    try {
      const estimated = await gateway('/api/pets/DOG-BED-L');
      expect(estimated.status).toBe(200);
      expect(estimated.body).toMatchObject({ source: 'last-known', availability: { estimated: true } });
      expect(schemaProblems('get', '/api/pets/{id}', 200, estimated.body)).toEqual([]);

      const unavailable = await gateway('/api/pets/FISH-AQUA-300L');
      expect(unavailable.status).toBe(503);
      expect(schemaProblems('get', '/api/pets/{id}', 503, unavailable.body)).toEqual([]);
    } finally {
      await clearFault('inventory_catalogue');
    }
  });

  it('answers errors in the documented error body', async () => {
    const noKey = await gateway('/api/orders', { method: 'POST', body: {} });
    expect(noKey.status).toBe(400);
    expect(schemaProblems('post', '/api/orders', 400, noKey.body)).toEqual([]);

    const unknown = await gateway(`/api/orders/${randomUUID()}`);
    expect(unknown.status).toBe(404);
    expect(schemaProblems('get', '/api/orders/{id}', 404, unknown.body)).toEqual([]);

    const noAdmin = await gateway('/api/admin/resilience');
    expect(noAdmin.status).toBe(401);
    expect(schemaProblems('get', '/api/admin/resilience', 401, noAdmin.body)).toEqual([]);
  });

  it('answers the admin views as documented', async () => {
    for (const path of ['/api/admin/resilience', '/api/admin/compartments', '/api/admin/faults', '/api/logs/stats']) {
      const answer = await gateway(path, { admin: true });
      expect(answer.status).toBe(200);
      expect({ path, problems: schemaProblems('get', path, 200, answer.body) }).toEqual({ path, problems: [] });
    }
    // Every app's settings, the backends' answered over Kafka.
    for (const service of ['gateway', 'payments', 'inventory', 'ml-advisor']) {
      const answer = await gateway(`/api/admin/resilience/${service}`, { admin: true });
      expect(answer.status).toBe(200);
      expect({ service, problems: schemaProblems('get', '/api/admin/resilience/{service}', 200, answer.body) }).toEqual(
        { service, problems: [] },
      );
    }
  });
});
