import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

import { ALL_APPS, AppName, DEPENDENCIES, RESILIENCE_DEPENDENCIES, STATUS_DEPENDENCIES } from '@shop/contracts';
import { loadServiceResilienceConfig, readResilienceDocument } from '@shop/resilience';

// Drift between config/resilience.yaml, the dependency names in @shop/contracts and the code
// that calls them: each must name exactly what the others name.
const ROOT = join(__dirname, '..', '..');
const CONFIG = join(ROOT, 'config', 'resilience.yaml');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(path) ? [path] : [];
  });
}

/** The dependency names an app's code refers to (through the shared constants). */
function namesUsedBy(app: AppName): Set<string> {
  const used = new Set<string>();
  for (const file of sources(join(ROOT, 'apps', app, 'src'))) {
    const text = readFileSync(file, 'utf8');
    for (const [, key] of text.matchAll(/\bDEPENDENCIES\.([A-Z_]+)/g))
      used.add(DEPENDENCIES[key as keyof typeof DEPENDENCIES]);
    if (/\bSTATUS_DEPENDENCIES\b/.test(text)) for (const name of Object.values(STATUS_DEPENDENCIES)) used.add(name);
  }
  return used;
}

describe('resilience dependencies: config, contracts and code agree', () => {
  it.each(ALL_APPS)('%s loads its section of config/resilience.yaml with exactly the dependencies it calls', (app) => {
    const config = loadServiceResilienceConfig({
      service: app,
      path: CONFIG,
      env: {},
      dependencies: RESILIENCE_DEPENDENCIES[app],
    });
    expect(Object.keys(config.dependencies).sort()).toEqual([...RESILIENCE_DEPENDENCIES[app]].sort());
  });

  it('the file has a section for every app and for nothing else', () => {
    const doc = readResilienceDocument({ path: CONFIG, env: {} }) as { resilience: { services: object } };
    expect(Object.keys(doc.resilience.services).sort()).toEqual([...ALL_APPS].sort());
  });

  it.each(ALL_APPS)("%s's code uses exactly the dependencies it owns, and no other app's", (app) => {
    expect([...namesUsedBy(app)].sort()).toEqual([...RESILIENCE_DEPENDENCIES[app]].sort());
  });

  it('every named dependency has exactly one owner', () => {
    const owned = Object.values(RESILIENCE_DEPENDENCIES).flat();
    expect(owned.sort()).toEqual(Object.values(DEPENDENCIES).sort());
    expect(new Set(owned).size).toBe(owned.length);
  });

  it('code names dependencies only through the constants, never as string literals', () => {
    const literal = /(@Resilient\(|registry\.(get|has|define|update)\()\s*'[^']*'/;
    const offenders = ALL_APPS.flatMap((app) =>
      sources(join(ROOT, 'apps', app, 'src'))
        .filter((file) => literal.test(readFileSync(file, 'utf8')))
        .map((file) => relative(ROOT, file)),
    );
    expect(offenders).toEqual([]);
  });
});

describe('the fleet uses what the library offers (config/resilience.yaml)', () => {
  const section = (app: AppName) =>
    loadServiceResilienceConfig({ service: app, path: CONFIG, env: {}, dependencies: RESILIENCE_DEPENDENCIES[app] })
      .dependencies;

  it('the payment provider breaker judges a time window and trips on slow calls', () => {
    expect(section('payments').payment_provider.circuitBreaker).toMatchObject({
      mode: 'time',
      windowMs: expect.any(Number),
      slowCallDurationMs: expect.any(Number),
      slowCallRateThreshold: expect.any(Number),
    });
  });

  it('the notification provider breaker judges a count window', () => {
    expect(section('notifications').notification_provider.circuitBreaker).toMatchObject({
      mode: 'count',
      windowSize: expect.any(Number),
    });
  });

  it('the payment provider and the advisor have adaptive bulkheads with a static fallback and bounds', () => {
    expect(section('payments').payment_provider.bulkhead).toMatchObject({
      kind: 'adaptive',
      maxConcurrent: 16,
      limit: { min: 4, max: 64 },
    });
    expect(section('gateway').ml_advisor.bulkhead).toMatchObject({
      kind: 'adaptive',
      maxConcurrent: 64,
      limit: { min: 8, max: 128 },
    });
  });

  it("the advisor's recommendations and the carrier's quotes are hedged, at most 5 % extra", () => {
    for (const settings of [section('gateway').ml_advisor, section('orders').carrier])
      expect(settings.hedge).toMatchObject({ maxHedges: 1, maxHedgeRatio: 0.05, percentile: 95 });
    // Every advisor call is a GET; a quote is marked idempotent by its caller (shipping-quote.service).
    expect(section('gateway').ml_advisor.hedge?.idempotent).toBe(true);
  });

  it('the carrier and the notification provider are rate-limited by libs/resilience', () => {
    expect(section('orders').carrier.rateLimit).toMatchObject({ kind: 'token-bucket' });
    expect(section('notifications').notification_provider.rateLimit).toMatchObject({ kind: 'sliding-window' });
  });
});
