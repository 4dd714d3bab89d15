import Ajv from 'ajv';

import { DEPENDENCY_SETTINGS_JSON_SCHEMA, toJsonSchema } from './json-schema';
import { DEPENDENCY_SCHEMA } from './resilience-config';
import { validate } from './schema';

describe('the settings schema as JSON Schema', () => {
  it('keeps bounds, integers, enums, lengths and refuses unknown keys', () => {
    expect(
      toJsonSchema({
        type: 'object',
        props: {
          n: { type: 'number', min: 1, max: 5, integer: true },
          share: { type: 'number', min: 0, max: 1 },
          mode: { type: 'enum', values: ['a', 'b'] },
          path: { type: 'string', maxLength: 10 },
          byName: { type: 'map', values: { type: 'boolean' } },
        },
      }),
    ).toEqual({
      type: 'object',
      properties: {
        n: { type: 'integer', minimum: 1, maximum: 5 },
        share: { type: 'number', minimum: 0, maximum: 1 },
        mode: { type: 'string', enum: ['a', 'b'] },
        path: { type: 'string', maxLength: 10 },
        byName: { type: 'object', additionalProperties: { type: 'boolean' } },
      },
      additionalProperties: false,
    });
  });

  // A JSON Schema validator and the config validation must agree on every case: what the API
  // docs promise is what a settings change meets.
  const ajv = new Ajv({ allErrors: true });
  const jsonValid = ajv.compile(DEPENDENCY_SETTINGS_JSON_SCHEMA);
  it.each([
    [{ timeoutMs: 500 }, true],
    [{ timeoutMs: 0 }, false],
    [{ timeoutMs: 1.5 }, false],
    [{ timeoutMs: 86_400_001 }, false],
    [{ bulkhead: { maxConcurrent: 8, laneShares: { high: 0.5 } } }, true],
    [{ bulkhead: { laneShares: { high: 1.5 } } }, false],
    [{ bulkhead: { kind: 'sideways' } }, false],
    [{ bulkhead: { filename: 'x'.repeat(4096) } }, true],
    [{ bulkhead: { filename: 'x'.repeat(4097) } }, false],
    [{ circuitBreaker: { mode: 'time', windowMs: 10_000, slowCallRateThreshold: 50 } }, true],
    [{ circuitBreaker: { slowCallRateThreshold: 101 } }, false],
    [{ hedge: { maxHedges: 6 } }, false],
    [{ retry: { budget: { ratio: 0.2 } } }, true],
    [{ nonsense: 1 }, false],
    [{ retry: { maxAttempts: '3' } }, false],
  ])('agrees with the config validation on %j (valid: %s)', (settings, valid) => {
    expect(validate(settings, DEPENDENCY_SCHEMA, 'settings').length === 0).toBe(valid);
    expect(jsonValid(settings)).toBe(valid);
  });
});
