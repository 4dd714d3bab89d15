import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { isResilienceConfigError, ResilienceConfigError } from '../errors';
import { ResilienceRegistry } from '../resilience.registry';
import { loadServiceResilienceConfig } from './service-config';

const FLEET = `
resilience:
  defaults: { circuitBreaker: { openMs: 1000 } }
  services:
    payments:
      defaults: { bulkhead: { maxConcurrent: 4 } }
      dependencies:
        payment_provider: { timeoutMs: 2000, circuitBreaker: { mode: consecutive, failureThreshold: 5 } }
    orders:
      dependencies:
        carrier: { timeoutMs: 800 }
    inventory:
      dependencies: {}
`;

function file(text: string, extra: Record<string, string> = {}): string {
  const d = mkdtempSync(join(tmpdir(), 'service-config-'));
  writeFileSync(join(d, 'resilience.yaml'), text);
  for (const [name, body] of Object.entries(extra)) writeFileSync(join(d, name), body);
  return join(d, 'resilience.yaml');
}

function errorOf(fn: () => unknown): ResilienceConfigError {
  try {
    fn();
  } catch (e) {
    if (isResilienceConfigError(e)) return e;
    throw e;
  }
  throw new Error('expected a ResilienceConfigError');
}

describe('loadServiceResilienceConfig (one fleet file, a section per service)', () => {
  it("loads only the service's own section, with fleet and service defaults merged under it", () => {
    const c = loadServiceResilienceConfig({ service: 'payments', path: file(FLEET), env: {} });
    expect(Object.keys(c.dependencies)).toEqual(['payment_provider']);
    expect(c.dependencies.payment_provider).toEqual({
      timeoutMs: 2000,
      bulkhead: { maxConcurrent: 4 },
      circuitBreaker: { openMs: 1000, mode: 'consecutive', failureThreshold: 5 },
    });
  });

  it('applies the NODE_ENV overlay, then RESILIENCE__ variables', () => {
    const path = file(FLEET, {
      'resilience.production.yaml':
        'resilience: { services: { payments: { dependencies: { payment_provider: { timeoutMs: 900 } } } } }',
    });
    const overlay = loadServiceResilienceConfig({ service: 'payments', path, env: { NODE_ENV: 'production' } });
    expect(overlay.dependencies.payment_provider.timeoutMs).toBe(900);
    const env = loadServiceResilienceConfig({
      service: 'payments',
      path,
      env: { NODE_ENV: 'production', RESILIENCE__PAYMENT_PROVIDER__TIMEOUT_MS: '120' },
    });
    expect(env.dependencies.payment_provider.timeoutMs).toBe(120);
  });

  it("leaves a variable naming another service's dependency to that service", () => {
    const c = loadServiceResilienceConfig({
      service: 'payments',
      path: file(FLEET),
      env: { RESILIENCE__CARRIER__TIMEOUT_MS: '5' },
      dependencies: ['payment_provider'],
    });
    expect(Object.keys(c.dependencies)).toEqual(['payment_provider']);
  });

  it('names the key path in the file of a wrong key or type, and the variable that set it', () => {
    const e = errorOf(() =>
      loadServiceResilienceConfig({
        service: 'payments',
        path: file(FLEET),
        env: { RESILIENCE__PAYMENT_PROVIDER__TIMEOUT_MS: 'soon' },
      }),
    );
    expect(e.message).toBe(
      'resilience.services.payments.dependencies.payment_provider.timeoutMs: expected a number, got "soon" (from RESILIENCE__PAYMENT_PROVIDER__TIMEOUT_MS)',
    );
    const typo = errorOf(() =>
      loadServiceResilienceConfig({ service: 'orders', path: file(FLEET.replace('timeoutMs: 800', 'timeout: 800')) }),
    );
    expect(typo.message).toBe('resilience.services.orders.dependencies.carrier.timeout: unknown key');
  });

  it('stops on a dependency the code does not call, and on one it calls that is missing', () => {
    const unknown = errorOf(() =>
      loadServiceResilienceConfig({
        service: 'payments',
        path: file(FLEET),
        env: { RESILIENCE__PAYMENT_PROVDER__TIMEOUT_MS: '5' },
        dependencies: ['payment_provider'],
      }),
    );
    expect(unknown.message).toBe(
      'resilience.services.payments.dependencies.payment_provder: unknown dependency: payments calls payment_provider (from RESILIENCE__PAYMENT_PROVDER__TIMEOUT_MS)',
    );
    const missing = errorOf(() =>
      loadServiceResilienceConfig({
        service: 'orders',
        path: file(FLEET),
        env: {},
        dependencies: ['carrier', 'ledger'],
      }),
    );
    expect(missing.message).toBe('resilience.services.orders.dependencies.ledger: missing: orders calls it');
  });

  it('the registry built from it does not validate or merge a second time', () => {
    const config = loadServiceResilienceConfig({ service: 'payments', path: file(FLEET), env: {} });
    const registry = new ResilienceRegistry(config, { metricsRegistry: false });
    expect(registry.get('payment_provider').settings).toBe(config.dependencies.payment_provider);
  });
});
