import { isResilienceConfigError } from '../errors';
import { applyEnvOverrides, parseResilienceConfig, validateDependencyUpdate } from './resilience-config';

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (isResilienceConfigError(e)) return e.problems.map((p) => `${p.path}: ${p.message}`);
    throw e;
  }
  throw new Error('expected a ResilienceConfigError');
}

describe('hedge settings in the resilience config', () => {
  it('accepts a hedge section and merges it from the defaults', () => {
    const c = parseResilienceConfig({
      resilience: {
        defaults: { hedge: { percentile: 95, minDelayMs: 5 } },
        dependencies: { catalog: { hedge: { enabled: true, delayMs: 50, maxHedges: 1, maxHedgeRatio: 0.05 } } },
      },
    });
    expect(c.dependencies.catalog.hedge).toEqual({
      percentile: 95,
      minDelayMs: 5,
      enabled: true,
      delayMs: 50,
      maxHedges: 1,
      maxHedgeRatio: 0.05,
    });
  });

  it('names the exact key path of every bad hedge setting', () => {
    const problems = problemsOf(() =>
      parseResilienceConfig({
        resilience: {
          dependencies: {
            catalog: {
              hedge: { percentile: 150, minDelayMs: 2.5, delayMs: -1, maxHedges: 9, maxHedgeRatio: 1.5, delay: 10 },
            },
          },
        },
      }),
    );
    expect(problems).toEqual([
      'resilience.dependencies.catalog.hedge.percentile: must be <= 100, got 150',
      'resilience.dependencies.catalog.hedge.minDelayMs: expected an integer, got 2.5',
      'resilience.dependencies.catalog.hedge.delayMs: must be >= 0, got -1',
      'resilience.dependencies.catalog.hedge.maxHedges: must be <= 5, got 9',
      'resilience.dependencies.catalog.hedge.maxHedgeRatio: must be <= 1, got 1.5',
      'resilience.dependencies.catalog.hedge.delay: unknown key',
    ]);
  });

  it('validates a live update and types an env override', () => {
    expect(problemsOf(() => validateDependencyUpdate('catalog', { hedge: { percentile: 0 } }))).toEqual([
      'resilience.dependencies.catalog.hedge.percentile: must be >= 1, got 0',
    ]);
    const { document } = applyEnvOverrides({}, { RESILIENCE__CATALOG__HEDGE__MAX_HEDGE_RATIO: '0.02' });
    expect(parseResilienceConfig(document).dependencies.catalog.hedge).toEqual({ maxHedgeRatio: 0.02 });
  });
});
