import { randomUUID } from 'node:crypto';

import { DeadLetterView, MESSAGE_CONTRACTS, ORDER_EVENT_TOPIC } from '@shop/contracts';

import { withDatabaseOf, withProducer } from '../saga/saga-support';
import { eventually, urlOf } from '../support/fleet';
import { adminKey } from './gateway-client';

jest.setTimeout(60_000);

const advisor = (path: string, init: RequestInit = {}) => fetch(urlOf('ml-advisor', path), init);

/** Completed orders the advisor has recorded (its baskets). */
async function ordersInHistory(): Promise<number> {
  const rows = (await withDatabaseOf('ml-advisor', (query) =>
    query('SELECT COUNT(DISTINCT order_id) AS n FROM order_lines'),
  )) as { n: number }[];
  return Number(rows[0].n);
}

describe('ML advisor', () => {
  it('retrains on demand (admin key), with a new model version that answers next', async () => {
    expect((await advisor('/retrain', { method: 'POST' })).status).toBe(401);
    expect(
      (await advisor('/retrain', { method: 'POST', headers: { 'x-admin-key': 'wrong-key-but-long-enough' } })).status,
    ).toBe(403);

    const before = (await (await advisor('/model')).json()) as { version: number };
    const ordersBefore = await ordersInHistory();
    const retrained = await advisor('/retrain', { method: 'POST', headers: { 'x-admin-key': adminKey() } });
    expect(retrained.status).toBe(200);
    const model = (await retrained.json()) as { version: number; baskets: number; products: number; trigger: string };
    expect(model).toMatchObject({ trigger: 'on-demand', baskets: expect.any(Number), products: expect.any(Number) });
    expect(model.version).toBeGreaterThan(before.version);
    // Trained on the real order history: every completed order recorded so far is one basket.
    expect(model.baskets).toBeGreaterThanOrEqual(ordersBefore);
    expect(model.baskets).toBeLessThanOrEqual(await ordersInHistory());

    const answer = (await (await advisor('/recommendations?productId=BIRD-CAGE-M&limit=3')).json()) as {
      modelVersion: number;
      recommendations: unknown[];
    };
    expect(answer).toMatchObject({ modelVersion: model.version });
    expect(answer.recommendations).toHaveLength(3);
  });

  it('runs inference and training on their own worker pools, visible in its metrics', async () => {
    await advisor('/recommendations?customerId=customer-without-orders');
    const metrics = await (await advisor('/metrics')).text();
    expect(metrics).toMatch(/resilience_bulkhead_max\{dependency="recommender_inference"\} 2\b/);
    expect(metrics).toMatch(/resilience_bulkhead_max\{dependency="recommender_training"\} 1\b/);
    expect(metrics).toMatch(/resilience_calls_total\{dependency="recommender_inference",outcome="success"\} [1-9]/);
  });

  it('falls back to popular products, then the catalogue, for a customer without history (cold start)', async () => {
    const answer = (await (await advisor('/recommendations?customerId=someone-new&limit=3')).json()) as {
      strategy: string;
      recommendations: { reason: string }[];
    };
    expect(answer.recommendations).toHaveLength(3);
    const reasons = answer.recommendations.map((r) => r.reason);
    // Popular products while anything has sold, the catalogue once nothing more is known.
    const popular = reasons.filter((r) => r === 'popular with other customers').length;
    expect(reasons).toEqual([
      ...Array(popular).fill('popular with other customers'),
      ...Array(3 - popular).fill('from our catalogue'),
    ]);
    expect(answer.strategy).toBe(popular > 0 ? 'popularity' : 'catalogue');
  });

  // Its contract (libs/contracts) refuses it at the consumer's edge, before the advisor's handler.
  it('refuses a malformed order event without storing it: dead-lettered, naming the field', async () => {
    const orderId = `bad-${randomUUID()}`;
    const validEvent = () => MESSAGE_CONTRACTS.get(ORDER_EVENT_TOPIC.completed)!.example() as object;
    await withProducer((producer) =>
      producer.send({
        topic: ORDER_EVENT_TOPIC.completed,
        // A valid event of the current version, but for its lines.
        messages: [{ key: orderId, value: JSON.stringify({ ...validEvent(), orderId, lines: 'all of them' }) }],
      }),
    );
    const letter = await eventually('the malformed event to be dead-lettered', async () => {
      const response = await fetch(urlOf('gateway', '/api/admin/dead-letters'), {
        headers: { 'x-admin-key': adminKey() },
      });
      const letters = (await response.json()) as DeadLetterView[];
      // Each consumer of the topic refuses it (notifications' follow-ups too): the advisor's letter.
      return letters.find(
        (l) =>
          l.originalTopic === ORDER_EVENT_TOPIC.completed &&
          l.originalKey === orderId &&
          l.service.startsWith('ml-advisor'),
      );
    });
    expect(letter.error).toMatch(/^INVALID_SHAPE: .*lines/);
    expect(
      await withDatabaseOf('ml-advisor', (query) => query('SELECT 1 FROM order_lines WHERE order_id = ?', [orderId])),
    ).toEqual([]);
  });
});
