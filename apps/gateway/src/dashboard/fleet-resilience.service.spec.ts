import { ConfigService } from '@nestjs/config';
import { ApiResult, resilienceSettingsTopic } from '@shop/contracts';
import { ResilienceRegistry } from '@shop/resilience';
import { register } from 'prom-client';

import { FleetResilienceSettings } from '../admin/resilience/fleet-resilience-settings';
import { KafkaRequestClient } from '../kafka/kafka-request.client';
import { FleetResilienceService } from './fleet-resilience.service';

/** A backend `/metrics` page with one dependency whose breaker is in `state` (0, 1 or 2). */
const backendPage = (state: number, calls: number) =>
  [
    `resilience_circuit_state{dependency="payment_provider"} ${state}`,
    'resilience_bulkhead_max{dependency="payment_provider"} 16',
    'resilience_bulkhead_active{dependency="payment_provider",lane="normal"} 5',
    `resilience_calls_total{dependency="payment_provider",outcome="success"} ${calls}`,
    'write_behind_pending{store="delivery-log"} 12',
    'write_behind_lag_seconds{store="delivery-log"} 3.5',
    'compartment_queue_workers{queue="notices",compartment="background"} 2',
    'compartment_queue_jobs{queue="notices",compartment="background",state="waiting"} 7',
    'resilience_deadline_exceeded_total{dependency="payment_provider",stage="not_started"} 2',
    'resilience_deadline_exceeded_total{dependency="payment_provider",stage="cut_off"} 5',
    'kafka_messages_total{topic="system.status.payments",direction="consumed",outcome="expired"} 3',
    'kafka_messages_total{topic="system.resilience-settings.payments",direction="consumed",outcome="expired"} 1',
    'kafka_messages_total{topic="system.status.payments",direction="consumed",outcome="success"} 40',
  ].join('\n');

/** What payments answers for its settings: the breaker of config/resilience.yaml, and a dependency without gauges. */
const PAYMENTS_SETTINGS = {
  service: 'payments',
  dependencies: {
    payment_provider: {
      settings: {
        timeoutMs: 2000,
        circuitBreaker: {
          mode: 'time',
          windowMs: 10_000,
          minimumCalls: 5,
          failureRateThreshold: 50,
          slowCallDurationMs: 1000,
          slowCallRateThreshold: 80,
          openMs: 2000,
        },
      },
    },
    ledger: { settings: { timeoutMs: 100 } },
  },
};

/** Kafka as the settings service sees it: payments answers its settings, no other backend answers. */
function fakeKafka(): KafkaRequestClient {
  const request = (topic: string): Promise<ApiResult<unknown>> =>
    topic === resilienceSettingsTopic('payments')
      ? Promise.resolve({ ok: true, data: PAYMENTS_SETTINGS })
      : Promise.reject(new Error('no answer'));
  return Object.assign(Object.create(KafkaRequestClient.prototype) as KafkaRequestClient, { request });
}

describe('FleetResilienceService', () => {
  let registry: ResilienceRegistry;
  let service: FleetResilienceService;
  let settings: FleetResilienceSettings;
  let paymentsState = 0;
  const realFetch = global.fetch;

  beforeEach(() => {
    register.clear();
    registry = new ResilienceRegistry({
      resilience: {
        dependencies: {
          ml_advisor: {
            timeoutMs: 100,
            bulkhead: { maxConcurrent: 4, maxQueue: 0 },
            circuitBreaker: { failureThreshold: 2, openMs: 60_000 },
          },
        },
      },
    });
    settings = new FleetResilienceSettings(registry, fakeKafka());
    service = new FleetResilienceService(
      registry,
      new ConfigService({ ML_ADVISOR_URL: 'http://127.0.0.1:13005' }),
      settings,
    );
    paymentsState = 0;
    global.fetch = jest.fn(async (url: string | URL | Request) => {
      const href = url instanceof Request ? url.url : url.toString();
      if (href === 'http://127.0.0.1:13002/metrics') return new Response(backendPage(paymentsState, 10));
      if (href === 'http://127.0.0.1:13001/metrics') throw new TypeError('fetch failed');
      return new Response('');
    }) as typeof fetch;
  });

  afterEach(() => {
    service.onModuleDestroy();
    global.fetch = realFetch;
    register.clear();
  });

  it('shows the gateway’s dependencies from its registry and each backend’s from its /metrics', async () => {
    await expect(registry.get('ml_advisor').execute(async () => 'ok')).resolves.toBe('ok');
    const fleet = await service.snapshot();
    const gateway = fleet.services.find((s) => s.service === 'gateway')!;
    expect(gateway.dependencies).toEqual([
      expect.objectContaining({
        dependency: 'ml_advisor',
        circuit: 'closed',
        successRate: 1,
        recentCalls: 1,
        bulkhead: expect.objectContaining({ max: 4 }),
      }),
    ]);
    const payments = fleet.services.find((s) => s.service === 'payments')!;
    expect(payments).toMatchObject({
      reachable: true,
      dependencies: [
        { dependency: 'ledger', circuit: 'none', bulkhead: null, calls: {} },
        { dependency: 'payment_provider', circuit: 'closed', bulkhead: { active: 5, max: 16 }, calls: { success: 10 } },
      ],
    });
    expect(fleet.services.find((s) => s.service === 'orders')).toMatchObject({
      reachable: false,
      error: expect.stringContaining('fetch failed'),
    });
    expect(fleet.writeBehind).toEqual([
      { service: 'payments', store: 'delivery-log', pending: 12, lagSeconds: 3.5, deadLettered: 0 },
    ]);
    expect(fleet.jobQueues).toEqual([
      {
        service: 'payments',
        queue: 'notices',
        compartment: 'background',
        workers: 2,
        waiting: 7,
        active: 0,
        delayed: 0,
        failed: 0,
      },
    ]);
  });

  it('records the gateway breaker’s transitions from its events and a backend’s from two scrapes', async () => {
    const failing = () => registry.get('ml_advisor').execute(async () => Promise.reject(new Error('boom')));
    await expect(failing()).rejects.toThrow('boom');
    await expect(failing()).rejects.toThrow('boom');
    await service.snapshot();
    paymentsState = 1;
    await new Promise((resolve) => setTimeout(resolve, 510)); // past the shared-scrape window
    const fleet = await service.snapshot();
    expect(fleet.transitions.map(({ service: s, dependency, from, to }) => ({ s, dependency, from, to }))).toEqual([
      { s: 'payments', dependency: 'payment_provider', from: 'closed', to: 'open' },
      { s: 'gateway', dependency: 'ml_advisor', from: 'closed', to: 'open' },
    ]);
  });

  it('scrapes anew when asked for a fresh snapshot, so counts taken moments apart can differ', async () => {
    const before = await service.snapshot();
    await registry.get('ml_advisor').execute(async () => 'ok');
    const callsOf = (fleet: typeof before) =>
      fleet.services.find((s) => s.service === 'gateway')!.dependencies[0].recentCalls;
    expect(callsOf(before)).toBe(0);
    expect(callsOf(await service.snapshot())).toBe(0); // shared, within the window
    expect(callsOf(await service.snapshot({ fresh: true }))).toBe(1);
  });

  it('shows every app’s settings from the app that owns them, and the deadline counts', async () => {
    const fleet = await service.snapshot();
    const gateway = fleet.services.find((s) => s.service === 'gateway')!;
    expect(gateway.dependencies[0]).toMatchObject({
      dependency: 'ml_advisor',
      settings: {
        timeoutMs: 100,
        breaker: { kind: 'consecutive', rule: '2 failures in a row', slowCalls: null, openMs: 60_000 },
        rateLimit: null,
      },
      deadlines: { notStarted: 0, cutOff: 0 },
    });
    const payments = fleet.services.find((s) => s.service === 'payments')!;
    expect(payments.settingsError).toBeUndefined();
    expect(payments.expiredMessages).toBe(4);
    // `ledger` has no breaker or bulkhead, so no gauge: its owner's settings still list it.
    expect(payments.dependencies.map((d) => d.dependency)).toEqual(['ledger', 'payment_provider']);
    expect(payments.dependencies[1]).toMatchObject({
      settings: {
        timeoutMs: 2000,
        breaker: {
          kind: 'time',
          rule: 'last 10 s (≥ 5 calls): 50 % failed',
          slowCalls: '80 % slower than 1 s',
          openMs: 2000,
        },
      },
      deadlines: { notStarted: 2, cutOff: 5 },
    });
    // A backend whose settings did not come is still shown from its /metrics, saying why.
    const notifications = fleet.services.find((s) => s.service === 'notifications')!;
    expect(notifications).toMatchObject({
      reachable: true,
      settingsError: 'notifications did not answer: no answer',
      expiredMessages: 0,
    });
  });

  it('shows a settings change at the next fresh snapshot', async () => {
    const timeoutOf = async () =>
      (await service.snapshot({ fresh: true })).services.find((s) => s.service === 'gateway')!.dependencies[0].settings
        ?.timeoutMs;
    expect(await timeoutOf()).toBe(100);
    await settings.change('gateway', 'ml_advisor', { timeoutMs: 450 });
    expect(await timeoutOf()).toBe(450);
  });

  it('shares one scrape between viewers polling at the same time', async () => {
    await Promise.all([service.snapshot(), service.snapshot(), service.snapshot()]);
    expect(
      (global.fetch as jest.Mock).mock.calls.filter(([url]) => String(url).endsWith(':13002/metrics')),
    ).toHaveLength(1);
  });
});
