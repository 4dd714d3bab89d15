import { HttpException } from '@nestjs/common';
import { ApiResult, REPORT_REQUESTS, SalesReport } from '@shop/contracts';
import { isTimeoutError, ResilienceRegistry } from '@shop/resilience';
import { setResilienceRegistry } from '@shop/resilience/nest';
import { register } from 'prom-client';

import { KafkaRequestClient } from '../kafka/kafka-request.client';
import { SalesReportClient } from './sales-report.client';

/** A Kafka client that records what it was asked and answers with `reply` (or never). */
function fakeKafka(reply: ApiResult<unknown> | 'never' | Error) {
  const sent: { topic: string; payload: Record<string, unknown>; signal?: AbortSignal }[] = [];
  const kafka = {
    request: (topic: string, payload: Record<string, unknown>, signal?: AbortSignal) => {
      sent.push({ topic, payload, signal });
      if (reply instanceof Error) return Promise.reject(reply);
      if (reply !== 'never') return Promise.resolve(reply);
      // Like KafkaRequestClient: settles only when the signal aborts.
      return new Promise((_, reject) => signal?.addEventListener('abort', () => reject(signal.reason), { once: true }));
    },
  };
  // The real client's `ask` (envelope, errors) over the fake `request`.
  return { kafka: Object.assign(Object.create(KafkaRequestClient.prototype) as KafkaRequestClient, kafka), sent };
}

describe('SalesReportClient', () => {
  let registry: ResilienceRegistry;

  beforeEach(() => {
    register.clear();
    registry = new ResilienceRegistry({
      resilience: { dependencies: { reports: { timeoutMs: 200, bulkhead: { maxConcurrent: 2, maxQueue: 4 } } } },
    });
    setResilienceRegistry(registry);
  });

  afterEach(async () => {
    setResilienceRegistry(undefined);
    await registry.close();
    register.clear();
  });

  it('asks orders over Kafka, telling it when the gateway stops waiting, and returns the report', async () => {
    const report = { orders: 3 } as SalesReport;
    const { kafka, sent } = fakeKafka({ ok: true, data: report });
    const before = Date.now();
    await expect(new SalesReportClient(kafka, registry).sales('2026-10-01', '2026-11-01')).resolves.toBe(report);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ topic: REPORT_REQUESTS.sales, payload: { from: '2026-10-01', to: '2026-11-01' } });
    const replyBy = Date.parse(String(sent[0].payload.replyBy));
    expect(replyBy).toBeGreaterThanOrEqual(before + 200);
    expect(replyBy).toBeLessThanOrEqual(Date.now() + 200);
    expect(sent[0].signal).toBeInstanceOf(AbortSignal);
  });

  it('turns orders’ validation error into a 400 naming the field', async () => {
    const { kafka } = fakeKafka({
      ok: false,
      error: { code: 'VALIDATION', message: 'to must be after from', field: 'to' },
    });
    const error = await new SalesReportClient(kafka, registry)
      .sales('2026-02-01', '2026-01-01')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpException);
    expect((error as HttpException).getStatus()).toBe(400);
    expect((error as HttpException).getResponse()).toMatchObject({ field: 'to' });
  });

  it('gives up at the reports budget with a timeout error, aborting the pending request', async () => {
    const { kafka, sent } = fakeKafka('never');
    const started = Date.now();
    const error = await new SalesReportClient(kafka, registry)
      .sales('2026-01-01', '2026-02-01')
      .catch((e: unknown) => e);
    expect(isTimeoutError(error)).toBe(true);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(sent[0].signal?.aborted).toBe(true);
  });

  it('a Kafka failure before the budget is a 503 naming orders', async () => {
    const { kafka } = fakeKafka(new Error('broker gone'));
    const error = await new SalesReportClient(kafka, registry)
      .sales('2026-01-01', '2026-02-01')
      .catch((e: unknown) => e);
    expect((error as HttpException).getStatus()).toBe(503);
    expect(JSON.stringify((error as HttpException).getResponse())).toContain('orders did not answer');
  });
});
