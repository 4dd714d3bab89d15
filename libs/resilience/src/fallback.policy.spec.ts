import { BulkheadRejectedError, TimeoutError } from './errors';
import { FallbackPolicy } from './fallback.policy';

describe('FallbackPolicy', () => {
  it('answers with the fallback for a chosen failure kind and says so in executeDetailed', async () => {
    const f = new FallbackPolicy({ fallback: (cause) => `cached (${cause.kind})`, on: ['timeout'] });
    const r = await f.executeDetailed(() => Promise.reject(new TimeoutError(100)));
    expect(r).toMatchObject({ fromFallback: true, value: 'cached (timeout)', cause: { kind: 'timeout' } });
    await expect(f.execute(() => Promise.reject(new TimeoutError(100)))).resolves.toBe('cached (timeout)');
  });

  it('rethrows failure kinds it does not handle', async () => {
    const f = new FallbackPolicy({ fallback: () => 'x', on: ['timeout'] });
    const rejected = new BulkheadRejectedError('full', 1, 0, 1);
    await expect(f.execute(() => Promise.reject(rejected))).rejects.toBe(rejected);
  });

  it('passes successful results through untouched', async () => {
    const f = new FallbackPolicy({ fallback: () => 'fallback' });
    await expect(f.executeDetailed(async () => 'real')).resolves.toEqual({ fromFallback: false, value: 'real' });
  });

  it('emits onFallback when it answers', async () => {
    const f = new FallbackPolicy({ fallback: () => 0 });
    const kinds: string[] = [];
    f.onFallback((c) => kinds.push(c.kind));
    await f.execute(() => Promise.reject(new Error('x')));
    expect(kinds).toEqual(['error']);
  });
});
