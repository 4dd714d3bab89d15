import { ValidationError } from '../http/http-error';
import { parseFaultPatch, seededRandom } from './fault-settings';

const badField = (body: unknown) => {
  try {
    parseFaultPatch(body);
    return undefined;
  } catch (error) {
    return (error as ValidationError).field;
  }
};

describe('parseFaultPatch', () => {
  it('returns only the fields given', () => {
    expect(parseFaultPatch({ mode: 'hang' })).toEqual({ mode: 'hang' });
    expect(parseFaultPatch({ latencyMs: 0, errorRate: 1, seed: 7 })).toEqual({ latencyMs: 0, errorRate: 1, seed: 7 });
    expect(parseFaultPatch({ seed: null })).toEqual({ seed: null });
  });

  it('accepts the bounds 0..60000 and 0..1', () => {
    expect(parseFaultPatch({ latencyMs: 60_000, errorRate: 0 })).toEqual({ latencyMs: 60_000, errorRate: 0 });
  });

  it.each([
    [{ latencyMs: 60_001 }, 'latencyMs'],
    [{ latencyMs: null }, 'latencyMs'],
    [{ errorRate: -0.1 }, 'errorRate'],
    [{ mode: 'DOWN' }, 'mode'],
    [{ seed: -1 }, 'seed'],
    [{ speed: 1 }, 'speed'],
    [{}, 'body'],
    ['down', 'body'],
  ])('names the bad field for %j', (body, field) => {
    expect(badField(body)).toBe(field);
  });
});

describe('seededRandom', () => {
  it('repeats its sequence for the same seed and differs for another', () => {
    const take = (seed: number) => Array.from({ length: 5 }, seededRandom(seed));
    expect(take(1)).toEqual(take(1));
    expect(take(1)).not.toEqual(take(2));
  });

  it('stays in [0, 1) and spreads over the range', () => {
    const random = seededRandom(123);
    const values = Array.from({ length: 10_000 }, () => random());
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
  });
});
