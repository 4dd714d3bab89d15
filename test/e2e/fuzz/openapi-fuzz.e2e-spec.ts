import { randomUUID } from 'node:crypto';

import fc from 'fast-check';

import { fleet, pidOf, urlOf } from '../support/fleet';

/**
 * Property-based fuzzing of every operation of the gateway's own OpenAPI document (/docs-json):
 * a route added tomorrow is fuzzed without anyone writing a case. For each operation fast-check
 * generates hostile path ids, query strings, headers and bodies (valid seeds mutated: fields
 * dropped, objects turned into arrays or null, lone surrogates, prototype keys, deep nesting,
 * huge strings, non-JSON). The sweep fails on
 * - any 5xx, except a deliberate 503 shed that carries Retry-After;
 * - a 4xx whose body names neither the field (`field`) nor the reason (`message`);
 * - a fleet process that died;
 * - a 2xx to a body the edge must refuse (a mutation marked hostile).
 * Bounded: FUZZ_REQUESTS (default 1 500) requests; the seed (FUZZ_SEED, default below) is
 * printed, so a failure replays with FUZZ_SEED=<seed>.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_203);
const BUDGET = Number(process.env.FUZZ_REQUESTS ?? 1_500);
const CONCURRENCY = 8;
const ADMIN_HEADER = 'x-admin-key';
const SKUS = ['DOG-BED-L', 'CAT-TOY-MOUSE', 'DOG-TREATS-500', 'BIRD-SEED-2KG'];

jest.setTimeout(120_000);

interface Operation {
  method: string;
  path: string;
  admin: boolean;
  params: { name: string; in: 'path' | 'query' | 'header'; required?: boolean; schema?: Schema }[];
  bodySchema?: Schema;
}
interface Schema {
  type?: string;
  $ref?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  required?: string[];
  items?: Schema;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
}
interface Probe {
  op: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** Why the edge must refuse this request (empty: it may be accepted). */
  hostile: string[];
}
interface Finding {
  probe: Probe;
  status: number;
  why: string;
  body: string;
}

// ---- hostile atoms --------------------------------------------------------------------------

const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];
const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...PROTO_KEYS),
  fc.constantFrom(
    '',
    ' ',
    '0x10',
    ' 5',
    '5 ',
    '1e308',
    '-0',
    'NaN',
    'null',
    'true',
    '[]',
    '{}',
    '%00',
    '../..',
    '%2e%2e',
  ),
  fc.constantFrom('\ud800', 'a\udfffb', '\u0000', '\u202e', '🐶', 'Zürich', '<script>', "' OR 1=1 --"),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.integer({ min: 65, max: 300 }).map((n) => 'x'.repeat(n)),
  fc.uuid(),
  fc.constantFrom(...SKUS),
);
const hostileNumber = fc.oneof(
  fc.constantFrom(0, -1, 1.5, 1e308, -1e308, 2 ** 53, Number.MAX_SAFE_INTEGER, 101, 1001),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  hostileNumber,
  fc.constantFrom(null, true, false, [], {}, [[]], [null]),
  fc.jsonValue({ maxDepth: 3 }),
);

/** Text a JSON body can hold that JSON.stringify cannot produce (deep nesting, not JSON at all). */
const rawHostileBody = fc.oneof(
  fc.integer({ min: 33, max: 20_000 }).map((d) => '{"a":'.repeat(d) + '1' + '}'.repeat(d)),
  fc.integer({ min: 33, max: 20_000 }).map((d) => '['.repeat(d) + ']'.repeat(d)),
  fc.constantFrom('', 'not json', '{"a":', '[1,2', '"just a string"', '42', 'null', '{"a":"\\ud800"}'),
  fc.integer({ min: 65 * 1024, max: 80 * 1024 }).map((n) => JSON.stringify({ message: 'x'.repeat(n) })),
);

// ---- bodies from the schema (and seeds where the schema is thin) -----------------------------

/** Known-good bodies, the seeds mutations start from where the OpenAPI schema lists no properties. */
const SEEDS: Record<string, () => Record<string, unknown>> = {
  'POST /api/orders': () => ({
    customerId: `fuzz-${randomUUID().slice(0, 8)}`,
    items: [{ sku: SKUS[0], quantity: 1 }],
    payment: { method: 'card' },
    shippingAddress: { name: 'Ada', street: 'Hauptstraße 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
  }),
  'POST /api/logs': () => ({ level: 'info', message: 'fuzz', context: { k: 1 } }),
};

function resolve(schema: Schema | undefined, doc: OpenApiDoc): Schema | undefined {
  if (!schema?.$ref) return schema;
  return doc.components?.schemas?.[schema.$ref.replace('#/components/schemas/', '')];
}

function validFromSchema(schema: Schema | undefined, doc: OpenApiDoc, depth = 0): unknown {
  const s = resolve(schema, doc);
  if (!s || depth > 4) return {};
  if (s.enum) return s.enum[0];
  switch (s.type) {
    case 'string':
      return 'a';
    case 'integer':
    case 'number':
      return s.minimum ?? 1;
    case 'boolean':
      return true;
    case 'array':
      return [validFromSchema(s.items, doc, depth + 1)];
    default:
      return Object.fromEntries(
        Object.entries(s.properties ?? {}).map(([k, v]) => [k, validFromSchema(v, doc, depth + 1)]),
      );
  }
}

type Mutation = { apply: (body: Record<string, unknown>) => unknown; hostile?: string };

/** Whether the body schema lets the object at `path` carry keys it does not name (a free-form map). */
function isOpenObject(schema: Schema | undefined, path: string[], doc: OpenApiDoc): boolean {
  let s = resolve(schema, doc);
  for (const key of path) {
    const extra = typeof s?.additionalProperties === 'object' ? s.additionalProperties : undefined;
    s = resolve(s?.properties?.[key] ?? extra, doc);
  }
  return s?.additionalProperties === true || typeof s?.additionalProperties === 'object';
}

/** Paths to every value of a seed body (dotted), so a mutation can aim anywhere in it. */
function pathsOf(value: unknown, prefix: string[] = []): string[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const entries = Object.entries(value as Record<string, unknown>);
  return [prefix, ...entries.flatMap(([k, v]) => pathsOf(v, [...prefix, k]))];
}

function setAt(root: unknown, path: string[], make: (old: unknown) => unknown, remove = false): unknown {
  if (path.length === 0) return make(root);
  const copy = structuredClone(root) as Record<string, unknown>;
  let node: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  const last = path[path.length - 1];
  if (remove) delete node[last];
  else node[last] = make(node[last]);
  return copy;
}

/** `value` with an own key `key` (JSON.parse makes even `__proto__` an own key). */
function withOwnKey(value: unknown, key: string, child: unknown): unknown {
  const rest = JSON.stringify(value).slice(1);
  return JSON.parse(`{${JSON.stringify(key)}:${JSON.stringify(child)}${rest === '}' ? '' : ','}${rest}`);
}

function mutationArb(seed: Record<string, unknown>, isOpen: (path: string[]) => boolean): fc.Arbitrary<Mutation> {
  const found = pathsOf(seed).filter((p) => p.length > 0);
  // A schema without properties still gets a field to aim at.
  const paths = found.length > 0 ? found : [['value']];
  const isObject = (p: string[]) => {
    let v: unknown = seed;
    for (const k of p) v = (v as Record<string, unknown>)[k];
    return v !== null && typeof v === 'object' && !Array.isArray(v);
  };
  const objectPaths = paths.filter(isObject);
  const path = fc.constantFrom(...paths);
  return fc.oneof(
    fc.constant<Mutation>({ apply: (b) => b }),
    path.map<Mutation>((p) => ({ apply: (b) => setAt(b, p, () => undefined, true) })),
    fc.tuple(path, hostileValue).map<Mutation>(([p, v]) => ({ apply: (b) => setAt(b, p, () => v) })),
    fc.constantFrom(...(objectPaths.length ? objectPaths : [[]])).map<Mutation>((p) => ({
      apply: (b) => setAt(b, p, (old) => [old]),
      hostile: p.length ? `${p.join('.')} as an array` : undefined,
    })),
    fc.tuple(path, fc.constantFrom('\ud800', 'x\udc00')).map<Mutation>(([p, s]) => ({
      apply: (b) => setAt(b, p, (old) => (typeof old === 'string' ? old + s : s)),
      hostile: 'a lone surrogate',
    })),
    fc
      .tuple(fc.constantFrom(...(objectPaths.length ? objectPaths : [[]]), []), fc.constantFrom(...PROTO_KEYS, 'extra'))
      .map<Mutation>(([p, key]) => ({
        apply: (b) =>
          p.length === 0 ? withOwnKey(b, key, { polluted: 1 }) : setAt(b, p, (old) => withOwnKey(old, key, 1)),
        // An extra key is legal where the schema allows any (a log entry's `context`); a
        // prototype key never is.
        hostile: key === 'extra' && isOpen(p) ? undefined : `unknown key ${key}`,
      })),
  );
}

function bodyArb(key: string, op: Operation, doc: OpenApiDoc): fc.Arbitrary<{ body: string; hostile: string[] }> {
  const seedOf = SEEDS[key] ?? (() => validFromSchema(op.bodySchema, doc) as Record<string, unknown>);
  const seed = seedOf();
  return fc.oneof(
    {
      weight: 6,
      arbitrary: mutationArb(seed, (path) => isOpenObject(op.bodySchema, path, doc)).map((m) => ({
        body: JSON.stringify(m.apply(seedOf()) ?? null),
        hostile: m.hostile ? [m.hostile] : [],
      })),
    },
    { weight: 2, arbitrary: rawHostileBody.map((body) => ({ body, hostile: [] })) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => ({ body: JSON.stringify(v), hostile: [] })) },
  );
}

// ---- requests -------------------------------------------------------------------------------

/** encodeURIComponent that also takes lone surrogates (sent as the UTF-8 of U+FFFD, as a client would). */
const pct = (v: string): string =>
  [...Buffer.from(v, 'utf8')]
    .map((b) =>
      /[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b))
        ? String.fromCharCode(b)
        : `%${b.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');

function paramArb(p: Operation['params'][number]): fc.Arbitrary<string | undefined> {
  const values = p.schema?.enum?.map(String) ?? [];
  return fc.oneof(...(values.length ? [fc.constantFrom(...values)] : []), hostileString, fc.constant(undefined));
}

function probeArb(op: Operation, doc: OpenApiDoc, adminKey: string): fc.Arbitrary<Probe> {
  const key = `${op.method.toUpperCase()} ${op.path}`;
  const pathParams = op.params.filter((p) => p.in === 'path');
  const queryParams = op.params.filter((p) => p.in === 'query');
  // Mutating admin routes are fuzzed only up to their guard (a valid key could really set
  // faults for the suites that follow); admin reads are fuzzed with the key, past the guard.
  const mayUseKey = !op.admin || op.method === 'get';
  return fc
    .record({
      path: fc.tuple(...pathParams.map((p) => paramArb(p).map((v) => v ?? 'x'))),
      query: fc.tuple(
        ...queryParams.map((p) => paramArb(p)),
        fc.option(fc.tuple(hostileString, hostileString), { nil: undefined }),
      ),
      requestId: fc.option(hostileString, { nil: undefined }),
      idempotencyKey: fc.option(fc.oneof(fc.uuid(), hostileString), { nil: undefined }),
      orderToken: fc.option(hostileString, { nil: undefined }),
      adminKey: fc.constantFrom<'none' | 'wrong' | 'right'>(
        ...(mayUseKey ? (['none', 'wrong', 'right', 'right'] as const) : (['none', 'wrong'] as const)),
      ),
      body:
        op.bodySchema || SEEDS[key]
          ? bodyArb(key, op, doc).map((b) => b as { body: string; hostile: string[] } | undefined)
          : fc.constant(undefined),
    })
    .map((r) => {
      let path = op.path;
      pathParams.forEach((p, i) => (path = path.replace(`{${p.name}}`, pct(r.path[i]))));
      const qs = new URLSearchParams();
      queryParams.forEach((p, i) => {
        const v = r.query[i] as string | undefined;
        if (v !== undefined) qs.append(p.name, v);
      });
      const extra = r.query[queryParams.length] as [string, string] | undefined;
      if (extra) qs.append(extra[0], extra[1]);
      const headers: Record<string, string> = {};
      // Header values must be ByteStrings: hostile text is sent percent-encoded when it is not.
      const header = (v: string) => (/^[\x20-\x7e]*$/.test(v) ? v : pct(v));
      if (r.requestId !== undefined) headers['x-request-id'] = header(r.requestId);
      if (r.idempotencyKey !== undefined) headers['idempotency-key'] = header(r.idempotencyKey);
      if (r.orderToken !== undefined) headers['x-order-token'] = header(r.orderToken);
      if (r.adminKey !== 'none') headers[ADMIN_HEADER] = r.adminKey === 'right' ? adminKey : 'wrong-admin-key-000';
      if (r.body) headers['content-type'] = 'application/json';
      const query = qs.toString();
      return {
        op: key,
        method: op.method.toUpperCase(),
        url: urlOf('gateway', `${path}${query ? `?${query}` : ''}`),
        headers,
        body: r.body?.body,
        hostile: r.body?.hostile ?? [],
      };
    });
}

interface OpenApiDoc {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: Operation['params'];
        requestBody?: { content?: Record<string, { schema?: Schema }> };
        security?: unknown[];
      }
    >
  >;
  components?: { schemas?: Record<string, Schema> };
}

function operationsOf(doc: OpenApiDoc): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
      .map(([method, op]) => ({
        method,
        path,
        admin: (op.security ?? []).length > 0,
        params: op.parameters ?? [],
        bodySchema: op.requestBody?.content?.['application/json']?.schema,
      })),
  );
}

// Routes that are not the API's: the docs UI itself.
const SKIP = (op: Operation) => op.path.startsWith('/docs');

async function send(probe: Probe): Promise<{ status: number; headers: Headers; text: string }> {
  const response = await fetch(probe.url, {
    method: probe.method,
    headers: probe.headers,
    body: probe.method === 'GET' || probe.method === 'DELETE' ? undefined : probe.body,
    signal: AbortSignal.timeout(15_000),
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

function verdict(probe: Probe, status: number, headers: Headers, text: string): string | undefined {
  if (status >= 500) {
    if (status === 503 && headers.get('retry-after')) return undefined; // a deliberate shed
    return `${status} (a 5xx)`;
  }
  if (status >= 400) {
    let body: { field?: unknown; message?: unknown } | undefined;
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      return `${status} whose body is not JSON`;
    }
    const named =
      (typeof body?.field === 'string' && body.field !== '') ||
      (typeof body?.message === 'string' && body.message !== '');
    if (!named) return `${status} naming neither the field nor the reason`;
    if (
      status === 400 &&
      typeof body?.field !== 'string' &&
      !/body|header|query|param|key/i.test(String(body?.message))
    )
      return '400 without the field at fault';
    return undefined;
  }
  if (probe.hostile.length > 0 && probe.body !== undefined && probe.method !== 'GET' && probe.method !== 'DELETE')
    return `${status}: accepted a body the edge must refuse (${probe.hostile.join(', ')})`;
  return undefined;
}

describe('fuzzing every gateway operation from its OpenAPI document', () => {
  it(`answers ${BUDGET} hostile requests with no 5xx, every 4xx naming its field or reason`, async () => {
    const started = Date.now();
    const doc = (await (await fetch(urlOf('gateway', '/docs-json'))).json()) as OpenApiDoc;
    const operations = operationsOf(doc).filter((op) => !SKIP(op));
    expect(operations.length).toBeGreaterThan(10);
    const adminKey = fleet().adminApiKey;

    // Operations taking input get three shares of the budget, the others one.
    const weight = (op: Operation) =>
      op.bodySchema || SEEDS[`${op.method.toUpperCase()} ${op.path}`] || op.params.length ? 3 : 1;
    const total = operations.reduce((n, op) => n + weight(op), 0);
    const probes = operations.flatMap((op, i) =>
      fc.sample(probeArb(op, doc, adminKey), {
        seed: SEED + i,
        numRuns: Math.max(2, Math.floor((BUDGET * weight(op)) / total)),
      }),
    );

    const histogram = new Map<number, number>();
    const findings: Finding[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < probes.length) {
          const probe = probes[next++];
          let status = 0;
          let why: string | undefined;
          let text = '';
          try {
            const answer = await send(probe);
            ({ status, text } = answer);
            why = verdict(probe, status, answer.headers, text);
          } catch (error) {
            why = `no answer: ${(error as Error).message}`;
          }
          histogram.set(status, (histogram.get(status) ?? 0) + 1);
          if (why) findings.push({ probe, status, why, body: text.slice(0, 300) });
        }
      }),
    );

    const dead = fleet()
      .processes.filter((p) => pidOf(p.name) === undefined)
      .map((p) => p.name);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const statuses = [...histogram]
      .sort(([a], [b]) => a - b)
      .map(([s, n]) => `${s}×${n}`)
      .join(' ');
    process.stdout.write(
      `\n[fuzz] seed=${SEED} (replay: FUZZ_SEED=${SEED}) operations=${operations.length} requests=${probes.length} in ${seconds}s\n` +
        `[fuzz] statuses ${statuses}\n[fuzz] findings=${findings.length} dead=${dead.length ? dead.join(',') : 'none'}\n`,
    );
    for (const f of findings.slice(0, 20))
      process.stdout.write(
        `[fuzz] ✖ ${f.probe.op} → ${f.why}\n  ${JSON.stringify({ ...f.probe, body: f.probe.body?.slice(0, 300) })}\n  ← ${f.body}\n`,
      );

    expect(dead).toEqual([]);
    expect(findings.map((f) => `${f.probe.op}: ${f.why}`)).toEqual([]);
    expect(Date.now() - started).toBeLessThan(60_000);
  });
});
