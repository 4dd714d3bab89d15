import { MAX_JSON_DEPTH } from '@shop/platform';

import type { ProviderKind } from '../provider';
import { startTestProvider, TestProvider } from '../testing/provider-test-client';
import { MAX_BODY_BYTES } from './json-body';

/** Each simulator's body-taking route, on a real server on 127.0.0.1, with the fleet's JSON edge rules. */
const ROUTES: [ProviderKind, string][] = [
  ['payment', '/charges'],
  ['carrier', '/quotes'],
  ['notification', '/messages'],
];

describe.each(ROUTES)('the %s simulator reads hostile JSON like the Nest edge (POST %s)', (kind, path) => {
  let provider: TestProvider;

  beforeAll(async () => {
    provider = await startTestProvider(kind);
  });

  afterAll(async () => {
    await provider.close();
  });

  it('answers 413 to a body over the size limit', async () => {
    const response = await provider.post(path, JSON.stringify({ pad: 'x'.repeat(MAX_BODY_BYTES) }));
    expect(response.status).toBe(413);
    expect(response.body.error).toBe('payload_too_large');
  });

  it.each([
    ['arrays', `${'['.repeat(5_000)}${']'.repeat(5_000)}`],
    ['objects', `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`],
    ['one level too many', `${'['.repeat(MAX_JSON_DEPTH + 1)}${']'.repeat(MAX_JSON_DEPTH + 1)}`],
  ])('answers 400 body_too_deep to nested %s, before parsing them', async (_what, body) => {
    const response = await provider.post(path, body);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: 'body_too_deep', field: 'body', message: expect.any(String) });
  });

  it('answers 400 malformed_unicode naming the field of a lone surrogate', async () => {
    const response = await provider.post(path, '{"idempotencyKey": "k-\\ud800"}');
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: 'malformed_unicode', field: 'idempotencyKey' });
  });

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])(
    'answers 400 forbidden_key to a key named %s',
    async (key) => {
      const response = await provider.post(path, `{"outer": {"${key}": {"polluted": true}}}`);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ error: 'forbidden_key', field: `outer.${key}` });
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    },
  );

  it('still reads a body exactly at the depth limit (then validates it as usual)', async () => {
    const response = await provider.post(path, `${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`);
    expect(response.status).toBe(400);
    expect(response.body.error).toBe('validation');
  });
});
