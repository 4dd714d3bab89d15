import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { isResilienceConfigError, ResilienceConfigError } from '../errors';
import {
  applyEnvOverrides,
  isValidatedResilienceConfig,
  loadResilienceConfig,
  parseResilienceConfig,
} from './resilience-config';
import { deepMerge } from './schema';

function dir(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), 'resilience-config-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
  return d;
}

const BASE = `
resilience:
  dependencies:
    payment_gateway: { bulkhead: { kind: semaphore, maxConcurrent: 5 }, timeoutMs: 25000, circuitBreaker: { enabled: true } }
    redis_cache:     { bulkhead: { maxConcurrent: 100 }, timeoutMs: 1500, circuitBreaker: { enabled: false } }
`;

function errorOf(fn: () => unknown): ResilienceConfigError {
  try {
    fn();
  } catch (e) {
    if (isResilienceConfigError(e)) return e;
    throw e;
  }
  throw new Error('expected a ResilienceConfigError');
}

describe('resilience config', () => {
  it('loads the YAML into typed settings per dependency', () => {
    const d = dir({ 'resilience.yaml': BASE });
    const c = loadResilienceConfig({ path: join(d, 'resilience.yaml'), env: {} });
    expect(c.dependencies.payment_gateway).toEqual({
      bulkhead: { kind: 'semaphore', maxConcurrent: 5 },
      timeoutMs: 25000,
      circuitBreaker: { enabled: true },
    });
    expect(c.dependencies.redis_cache.circuitBreaker).toEqual({ enabled: false });
  });

  it('names the key path of an unknown key', () => {
    const bad = BASE.replace('maxConcurrent: 5', 'maxConcurent: 5');
    const d = dir({ 'resilience.yaml': bad });
    const e = errorOf(() => loadResilienceConfig({ path: join(d, 'resilience.yaml'), env: {} }));
    expect(e.message).toBe('resilience.dependencies.payment_gateway.bulkhead.maxConcurent: unknown key');
  });

  it('names the key path and the problem for a wrong type or value, listing every problem', () => {
    const e = errorOf(() =>
      parseResilienceConfig({
        resilience: {
          dependencies: {
            a: { timeoutMs: 'soon', circuitBreaker: { mode: 'sometimes' }, bulkhead: { maxConcurrent: 0 } },
          },
        },
      }),
    );
    expect(e.problems.map((p) => p.path)).toEqual([
      'resilience.dependencies.a.timeoutMs',
      'resilience.dependencies.a.circuitBreaker.mode',
      'resilience.dependencies.a.bulkhead.maxConcurrent',
    ]);
    expect(e.message).toContain('resilience.dependencies.a.timeoutMs: expected a number, got "soon"');
  });

  it('requires the keys a chosen kind needs', () => {
    const e = errorOf(() =>
      parseResilienceConfig({
        resilience: { dependencies: { a: { rateLimit: { kind: 'sliding-window', limit: 5 } } } },
      }),
    );
    expect(e.message).toBe('resilience.dependencies.a.rateLimit.windowMs: required for a sliding window');
  });

  it('deep-merges resilience.<NODE_ENV>.yaml over the base file', () => {
    const d = dir({
      'resilience.yaml': BASE,
      'resilience.production.yaml':
        'resilience: { dependencies: { payment_gateway: { bulkhead: { maxConcurrent: 50 } } } }',
    });
    const c = loadResilienceConfig({ path: join(d, 'resilience.yaml'), env: { NODE_ENV: 'production' } });
    expect(c.dependencies.payment_gateway.bulkhead).toEqual({ kind: 'semaphore', maxConcurrent: 50 });
    expect(c.dependencies.payment_gateway.timeoutMs).toBe(25000);
  });

  it('applies RESILIENCE__<DEP>__<KEY> environment overrides with typed values', () => {
    const d = dir({ 'resilience.yaml': BASE });
    const c = loadResilienceConfig({
      path: join(d, 'resilience.yaml'),
      env: {
        RESILIENCE__PAYMENT_GATEWAY__TIMEOUT_MS: '100',
        RESILIENCE__PAYMENT_GATEWAY__BULKHEAD__MAX_CONCURRENT: '7',
        RESILIENCE__REDIS_CACHE__CIRCUIT_BREAKER__ENABLED: 'true',
      },
    });
    expect(c.dependencies.payment_gateway.timeoutMs).toBe(100);
    expect(c.dependencies.payment_gateway.bulkhead?.maxConcurrent).toBe(7);
    expect(c.dependencies.redis_cache.circuitBreaker?.enabled).toBe(true);
  });

  it('names the env variable when an override sets an unknown key', () => {
    const d = dir({ 'resilience.yaml': BASE });
    const e = errorOf(() =>
      loadResilienceConfig({ path: join(d, 'resilience.yaml'), env: { RESILIENCE__PAYMENT_GATEWAY__TIMEOUT: '5' } }),
    );
    expect(e.message).toBe(
      'resilience.dependencies.payment_gateway.timeout: unknown key (from RESILIENCE__PAYMENT_GATEWAY__TIMEOUT)',
    );
  });

  it('merges the defaults section under each dependency', () => {
    const c = parseResilienceConfig({
      resilience: {
        defaults: { timeoutMs: 1000, retry: { maxAttempts: 2 } },
        dependencies: { a: { retry: { jitter: 'none' } }, b: { timeoutMs: 5 } },
      },
    });
    expect(c.dependencies.a).toEqual({ timeoutMs: 1000, retry: { maxAttempts: 2, jitter: 'none' } });
    expect(c.dependencies.b.timeoutMs).toBe(5);
  });

  it('validates and merges once: the registry takes a parsed config as it is', () => {
    const c = parseResilienceConfig({ resilience: { defaults: { timeoutMs: 7 }, dependencies: { a: {} } } });
    expect(isValidatedResilienceConfig(c)).toBe(true);
    expect(isValidatedResilienceConfig({ dependencies: {} })).toBe(false);
  });

  it('env override helpers: camelCase keys and the DEFAULTS section', () => {
    const { document } = applyEnvOverrides({}, { RESILIENCE__DEFAULTS__RETRY__MAX_ATTEMPTS: '4', OTHER: 'x' });
    expect(document).toEqual({ resilience: { defaults: { retry: { maxAttempts: 4 } } } });
  });

  it('deepMerge replaces scalars and lists and merges mappings', () => {
    expect(deepMerge({ a: { b: 1, c: [1] } }, { a: { c: [2], d: 3 } })).toEqual({ a: { b: 1, c: [2], d: 3 } });
  });
});
