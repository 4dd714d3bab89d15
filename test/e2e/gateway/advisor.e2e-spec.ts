import { urlOf } from '../support/fleet';
import { adminKey } from './gateway-client';

jest.setTimeout(60_000);

const advisor = (path: string, init: RequestInit = {}) => fetch(urlOf('ml-advisor', path), init);

describe('ML advisor', () => {
  it('retrains on demand (admin key), with a new model version that answers next', async () => {
    expect((await advisor('/retrain', { method: 'POST' })).status).toBe(401);
    expect((await advisor('/retrain', { method: 'POST', headers: { 'x-admin-key': 'wrong-key-but-long-enough' } })).status).toBe(403);

    const before = (await (await advisor('/model')).json()) as { version: number };
    const retrained = await advisor('/retrain', { method: 'POST', headers: { 'x-admin-key': adminKey() } });
    expect(retrained.status).toBe(200);
    const model = (await retrained.json()) as { version: number; baskets: number; products: number; trigger: string };
    expect(model).toMatchObject({ trigger: 'on-demand', baskets: expect.any(Number), products: expect.any(Number) });
    expect(model.version).toBeGreaterThan(before.version);
    expect(model.baskets).toBeGreaterThanOrEqual(3000);

    const answer = (await (await advisor('/recommendations?productId=bird-cage&limit=3')).json()) as { modelVersion: number; strategy: string };
    expect(answer).toMatchObject({ modelVersion: model.version, strategy: 'also-bought' });
  });

  it('runs inference and training on their own worker pools, visible in its metrics', async () => {
    await advisor('/recommendations?customerId=customer-0003');
    const metrics = await (await advisor('/metrics')).text();
    expect(metrics).toMatch(/resilience_bulkhead_max\{dependency="recommender_inference"\} 2\b/);
    expect(metrics).toMatch(/resilience_bulkhead_max\{dependency="recommender_training"\} 1\b/);
    expect(metrics).toMatch(/resilience_calls_total\{dependency="recommender_inference",outcome="success"\} [1-9]/);
  });

  it('falls back to popular products for a customer without history (cold start)', async () => {
    const answer = (await (await advisor('/recommendations?customerId=someone-new&limit=3')).json()) as { strategy: string; recommendations: { reason: string }[] };
    expect(answer.strategy).toBe('popularity');
    expect(answer.recommendations).toHaveLength(3);
    expect(answer.recommendations.every((r) => r.reason === 'popular with other customers')).toBe(true);
  });
});
