import { HttpException } from '@nestjs/common';
import { ApiResult, resilienceSettingsTopic, resilienceUpdateTopic } from '@shop/contracts';
import { currentDeadline, ResilienceRegistry } from '@shop/resilience';

import { KafkaRequestClient } from '../../kafka/kafka-request.client';
import { FleetResilienceSettings } from './fleet-resilience-settings';
import { ResilienceAdminController } from './resilience-admin.controller';

/** A Kafka client whose `request` answers each topic from `replies` (else fails), recording what it sent. */
function fakeKafka(replies: Record<string, ApiResult<unknown> | Error>) {
  const sent: { topic: string; payload: unknown; deadline?: number }[] = [];
  const request = (topic: string, payload: unknown) => {
    sent.push({ topic, payload, deadline: currentDeadline() });
    const reply = replies[topic] ?? new Error(`no answer on ${topic}`);
    return reply instanceof Error ? Promise.reject(reply) : Promise.resolve(reply);
  };
  // The real client's `ask` (envelope, error mapping) over the fake `request`.
  return { kafka: Object.assign(Object.create(KafkaRequestClient.prototype) as KafkaRequestClient, { request }), sent };
}

const gatewayRegistry = () =>
  new ResilienceRegistry(
    { resilience: { dependencies: { ml_advisor: { timeoutMs: 300 }, cache: { timeoutMs: 50 } } } },
    { metricsRegistry: false },
  );

/** The HTTP answer a rejected promise would become: status and body. */
async function answerOf(promise: Promise<unknown>): Promise<{ status: number; body: unknown }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof HttpException)) throw new Error(`expected an HTTP error, got ${String(error)}`);
  return { status: error.getStatus(), body: error.getResponse() };
}

describe('FleetResilienceSettings', () => {
  it('reads the gateway’s own settings from its registry, a backend’s over Kafka', async () => {
    const payments = { service: 'payments', dependencies: { payment_provider: { timeoutMs: 2000 } } };
    const { kafka, sent } = fakeKafka({ [resilienceSettingsTopic('payments')]: { ok: true, data: payments } });
    const settings = new FleetResilienceSettings(gatewayRegistry(), kafka);
    await expect(settings.read('gateway')).resolves.toMatchObject({
      service: 'gateway',
      dependencies: { ml_advisor: { timeoutMs: 300, settings: { timeoutMs: 300 } }, cache: { timeoutMs: 50 } },
    });
    await expect(settings.read('payments')).resolves.toEqual(payments);
    expect(sent).toEqual([{ topic: 'system.resilience-settings.payments', payload: {}, deadline: expect.any(Number) }]);
  });

  it('answers 404 naming the services for an unknown one, without asking anyone', async () => {
    const { kafka, sent } = fakeKafka({});
    const settings = new FleetResilienceSettings(gatewayRegistry(), kafka);
    for (const service of ['billing', 'constructor', '__proto__'])
      expect(await answerOf(settings.read(service))).toEqual({
        status: 404,
        body: {
          error: 'NOT_FOUND',
          message: `no service ${service} (services: gateway, orders, payments, inventory, notifications, ml-advisor)`,
          field: 'service',
        },
      });
    expect(await answerOf(settings.change('billing', 'x', {}))).toMatchObject({ status: 404 });
    expect(sent).toEqual([]);
  });

  it('changes a gateway dependency in-process, through the same answers as a backend’s', async () => {
    const registry = gatewayRegistry();
    const settings = new FleetResilienceSettings(registry, fakeKafka({}).kafka);
    await expect(settings.change('gateway', 'ml_advisor', { timeoutMs: 500 })).resolves.toMatchObject({
      service: 'gateway',
      dependency: 'ml_advisor',
      settings: { timeoutMs: 500 },
      summary: { timeoutMs: 500 },
    });
    expect(registry.get('ml_advisor').timeout?.budgetMs).toBe(500);
    expect(await answerOf(settings.change('gateway', 'ml_advisor', { bulkhead: { maxConcurent: 3 } }))).toEqual({
      status: 400,
      body: {
        error: 'VALIDATION',
        message: 'resilience.dependencies.ml_advisor.bulkhead.maxConcurent: unknown key',
        field: 'resilience.dependencies.ml_advisor.bulkhead.maxConcurent',
      },
    });
    expect(await answerOf(settings.change('gateway', 'payment_provider', { timeoutMs: 5 }))).toEqual({
      status: 404,
      body: {
        error: 'NOT_FOUND',
        message: 'gateway has no resilience dependency payment_provider (it has: ml_advisor, cache)',
        field: 'dependency',
      },
    });
  });

  it('sends a backend’s change to the app that owns it and maps its answers: data, 400 with the field, 503', async () => {
    const topic = resilienceUpdateTopic('payments');
    const applied = { service: 'payments', dependency: 'payment_provider', settings: { timeoutMs: 400 } };
    const ok = fakeKafka({ [topic]: { ok: true, data: applied } });
    await expect(
      new FleetResilienceSettings(gatewayRegistry(), ok.kafka).change('payments', 'payment_provider', {
        timeoutMs: 400,
      }),
    ).resolves.toEqual(applied);
    expect(ok.sent).toEqual([
      { topic, payload: { dependency: 'payment_provider', patch: { timeoutMs: 400 } }, deadline: expect.any(Number) },
    ]);

    const field = 'resilience.dependencies.payment_provider.timeoutMs';
    const refused = fakeKafka({
      [topic]: { ok: false, error: { code: 'VALIDATION', message: `${field}: must be >= 1, got 0`, field } },
    });
    expect(
      await answerOf(
        new FleetResilienceSettings(gatewayRegistry(), refused.kafka).change('payments', 'payment_provider', {
          timeoutMs: 0,
        }),
      ),
    ).toEqual({ status: 400, body: { error: 'VALIDATION', message: `${field}: must be >= 1, got 0`, field } });

    const silent = fakeKafka({ [topic]: new Error('timed out') });
    expect(
      await answerOf(
        new FleetResilienceSettings(gatewayRegistry(), silent.kafka).change('payments', 'payment_provider', {}),
      ),
    ).toMatchObject({ status: 503, body: { error: 'UNAVAILABLE', message: 'payments did not answer: timed out' } });
  });

  it('answers what the contract would refuse without sending it: another app’s dependency, a body not an object', async () => {
    const { kafka, sent } = fakeKafka({});
    const settings = new FleetResilienceSettings(gatewayRegistry(), kafka);
    expect(await answerOf(settings.change('payments', 'carrier', { timeoutMs: 5 }))).toEqual({
      status: 404,
      body: {
        error: 'NOT_FOUND',
        message: 'payments has no resilience dependency carrier (it has: payment_provider)',
        field: 'dependency',
      },
    });
    for (const body of [[1], 'fast', null, 5])
      expect(await answerOf(settings.change('payments', 'payment_provider', body))).toMatchObject({
        status: 400,
        body: { error: 'VALIDATION', field: 'body' },
      });
    expect(sent).toEqual([]);
  });

  it('reads every app under one deadline, an app that does not answer with its reason', async () => {
    const { kafka, sent } = fakeKafka({
      [resilienceSettingsTopic('payments')]: { ok: true, data: { service: 'payments', dependencies: {} } },
    });
    const before = Date.now();
    const all = await new FleetResilienceSettings(gatewayRegistry(), kafka).readAll(800);
    expect([...all.keys()]).toEqual(['gateway', 'orders', 'payments', 'inventory', 'notifications', 'ml-advisor']);
    expect(all.get('gateway')).toMatchObject({ ok: true, settings: { service: 'gateway' } });
    expect(all.get('payments')).toEqual({ ok: true, settings: { service: 'payments', dependencies: {} } });
    expect(all.get('orders')).toEqual({
      ok: false,
      error: 'orders did not answer: no answer on system.resilience-settings.orders',
    });
    // Each request carries the dashboard's deadline, not the client's default of 5 s.
    for (const { deadline } of sent) expect(deadline).toBeLessThanOrEqual(before + 800 + 50);
  });
});

describe('ResilienceAdminController', () => {
  it('keeps the old PATCH /:dependency as a deprecated alias of the gateway’s, naming its successor', async () => {
    const change = jest.fn().mockResolvedValue({ service: 'gateway', dependency: 'ml_advisor' });
    const controller = new ResilienceAdminController({ change } as unknown as FleetResilienceSettings);
    const headers: Record<string, string> = {};
    const res = { setHeader: (name: string, value: string) => (headers[name] = value) };
    await controller.changeGatewayDependency('ml_advisor', { timeoutMs: 400 }, res as never);
    expect(change).toHaveBeenCalledWith('gateway', 'ml_advisor', { timeoutMs: 400 });
    expect(headers).toEqual({ Link: '</api/admin/resilience/gateway/ml_advisor>; rel="successor-version"' });
  });
});
