import { isResilienceConfigError } from '../errors';
import { validateDependencyUpdate } from './resilience-config';
import { deepMerge } from './schema';

/** What `PATCH /api/admin/resilience/:service/:dependency` is checked with: the config file's own schema. */
function problemsOf(patch: unknown): string[] {
  try {
    validateDependencyUpdate('api', patch);
    return [];
  } catch (error) {
    if (!isResilienceConfigError(error)) throw error;
    return error.problems.map((p) => `${p.path}: ${p.message}`);
  }
}

describe('validateDependencyUpdate (admin input is input)', () => {
  it.each([
    [{ constructor: { x: 1 } }, 'resilience.dependencies.api.constructor: unknown key'],
    [JSON.parse('{"__proto__": {"timeoutMs": 1}}'), 'resilience.dependencies.api.__proto__: unknown key'],
    [{ bulkhead: { toString: 1 } }, 'resilience.dependencies.api.bulkhead.toString: unknown key'],
    [{ timeoutMs: 1e308 }, 'resilience.dependencies.api.timeoutMs: must be <= 86400000, got 1e+308'],
    [{ timeoutMs: 1.5 }, 'resilience.dependencies.api.timeoutMs: expected an integer, got 1.5'],
    [
      { circuitBreaker: { openMs: 0.5 } },
      'resilience.dependencies.api.circuitBreaker.openMs: expected an integer, got 0.5',
    ],
    [
      { bulkhead: { maxQueue: 1e12 } },
      'resilience.dependencies.api.bulkhead.maxQueue: must be <= 86400000, got 1000000000000',
    ],
    [[], 'resilience.dependencies.api: expected a mapping, got a list'],
  ])('refuses %j naming the field', (patch, problem) => {
    expect(problemsOf(patch)).toEqual([problem]);
  });

  it('accepts sane settings', () => {
    expect(problemsOf({ timeoutMs: 500, bulkhead: { maxConcurrent: 8 }, circuitBreaker: { openMs: 5_000 } })).toEqual(
      [],
    );
  });

  it('deepMerge never reaches Object.prototype through a key', () => {
    const merged = deepMerge<Record<string, unknown>>(
      { a: 1 },
      JSON.parse('{"__proto__": {"polluted": true}, "constructor": 2}'),
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(merged.constructor).toBe(2);
  });
});
