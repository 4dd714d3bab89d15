import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { INestApplication, RequestMethod, Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ConfigService } from '@nestjs/config';
import { DECORATORS } from '@nestjs/swagger';
import { Test } from '@nestjs/testing';
import { DEPENDENCY_SETTINGS_JSON_SCHEMA } from '@shop/resilience';

import { buildApiDocument } from '../../apps/gateway/src/docs/openapi';
import { completenessProblems, headerOf, operationsOf, validatorErrors } from './openapi-audit';

// The gateway's OpenAPI document, built from every controller in its sources (not from a list
// that could miss one), validated and checked for completeness: every request and answer schema,
// every header, every error answer. The same audit runs against the fleet's /docs-json in e2e.
const GATEWAY_SRC = join(__dirname, '..', '..', 'apps', 'gateway', 'src');

function controllerFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return controllerFiles(path);
    return path.endsWith('.controller.ts') ? [path] : [];
  });
}

/** Every class marked @Controller in the gateway's sources. */
function gatewayControllers(): Type[] {
  return controllerFiles(GATEWAY_SRC).flatMap((file) =>
    Object.values(require(file) as Record<string, unknown>).filter(
      (value): value is Type => typeof value === 'function' && Reflect.getMetadata('__controller__', value) === true,
    ),
  );
}

const joinPath = (...parts: string[]) =>
  '/' +
  parts
    .flatMap((p) => p.split('/'))
    .filter(Boolean)
    .map((p) => (p.startsWith(':') ? `{${p.slice(1)}}` : p))
    .join('/');

/** `POST /api/orders`-style keys of the documented handlers that take an @Body() argument. */
function operationsReadingABody(controllers: Type[]): Set<string> {
  const keys = new Set<string>();
  for (const controller of controllers) {
    const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
    for (const name of Object.getOwnPropertyNames(controller.prototype)) {
      const handler = (controller.prototype as Record<string, unknown>)[name];
      if (name === 'constructor' || typeof handler !== 'function') continue;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (method === undefined) continue;
      // Left out of the document on purpose (a deprecated alias): nothing to document.
      if (Reflect.getMetadata(DECORATORS.API_EXCLUDE_ENDPOINT, handler)) continue;
      const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {}) as Record<string, unknown>;
      if (!Object.keys(args).some((arg) => arg.split(':')[0] === String(RouteParamtypes.BODY))) continue;
      keys.add(`${RequestMethod[method]} ${joinPath(base, String(Reflect.getMetadata(PATH_METADATA, handler)))}`);
    }
  }
  return keys;
}

describe('the gateway OpenAPI document', () => {
  let app: INestApplication;
  let doc: ReturnType<typeof buildApiDocument>;
  let withBody: Set<string>;

  beforeAll(async () => {
    const controllers = gatewayControllers();
    withBody = operationsReadingABody(controllers);
    // Controllers only, their collaborators stubbed: the document is built from decorators.
    const config = new ConfigService({ ADMIN_API_KEY: 'openapi-spec-admin-key-0123456789' });
    const moduleRef = await Test.createTestingModule({ controllers })
      .useMocker((token) => (token === ConfigService ? config : {}))
      .compile();
    app = moduleRef.createNestApplication({ logger: false });
    doc = buildApiDocument(app);
  });

  afterAll(() => app?.close());

  it('covers every controller route', () => {
    expect(operationsOf(doc).length).toBeGreaterThanOrEqual(24);
    expect(withBody).toEqual(
      new Set([
        'POST /api/orders',
        'POST /api/logs',
        'PUT /api/admin/faults/{dependency}',
        'PATCH /api/admin/resilience/{service}/{dependency}',
        'POST /api/admin/scenarios/{name}',
        'PUT /api/admin/compartments',
      ]),
    );
  });

  it('is a valid OpenAPI document', async () => {
    expect(await validatorErrors(doc)).toEqual([]);
  });

  it('documents every body, answer schema (properties, example), input limit and 4xx/5xx answer', () => {
    expect(completenessProblems(doc, { withBody })).toEqual([]);
  });

  it('documents the Idempotency-Key, order-token and admin-key headers', () => {
    expect(headerOf(doc, 'POST /api/orders', 'Idempotency-Key')).toMatchObject({
      required: true,
      schema: { type: 'string', minLength: 1, maxLength: 128 },
    });
    expect(headerOf(doc, 'GET /api/orders/{id}', 'x-order-token')).toMatchObject({ required: false });
    expect(doc.components?.securitySchemes?.['admin-key']).toMatchObject({
      type: 'apiKey',
      in: 'header',
      name: 'x-admin-key',
    });
    const admin = operationsOf(doc).filter((o) => o.path.startsWith('/api/admin') || o.path.startsWith('/api/sagas'));
    expect(admin.filter((o) => JSON.stringify(o.op.security) !== '[{"admin-key":[]}]').map((o) => o.key)).toEqual([]);
  });

  it('documents a settings change with the schema the resilience config is validated with', () => {
    const patch = operationsOf(doc).find((o) => o.key === 'PATCH /api/admin/resilience/{service}/{dependency}');
    const schema = patch?.op.requestBody.content['application/json'].schema;
    expect(schema).toMatchObject(DEPENDENCY_SETTINGS_JSON_SCHEMA);
    expect(Object.keys(patch?.op.responses ?? {})).toEqual(expect.arrayContaining(['200', '400', '404', '503']));
  });

  it('has one meaning per path: the settings routes name a service, never a dependency, in first place', () => {
    // The deprecated `PATCH /api/admin/resilience/:dependency` alias stays out of the document:
    // OpenAPI takes `/{dependency}` and `/{service}` for the same path.
    const paths = Object.keys(doc.paths).filter((p) => p.startsWith('/api/admin/resilience'));
    expect(paths.sort()).toEqual([
      '/api/admin/resilience',
      '/api/admin/resilience/{service}',
      '/api/admin/resilience/{service}/{dependency}',
    ]);
    const templates = Object.keys(doc.paths).map((p) => p.replace(/\{[^}]+\}/g, '{}'));
    expect(new Set(templates).size).toBe(templates.length);
  });

  it('fails an incomplete document, naming the operation and what it lacks', () => {
    const broken = structuredClone(doc);
    const place = broken.paths['/api/orders'].post!;
    delete place.responses['503'];
    delete place.responses['504'];
    delete place.responses['500'];
    place.responses['422'] = { description: 'x' };
    delete place.requestBody;
    expect(completenessProblems(broken, { withBody })).toEqual([
      'POST /api/orders: no 5xx answer',
      'POST /api/orders 422: not the ApiError body',
      'POST /api/orders: reads a body it does not document',
    ]);
  });
});
