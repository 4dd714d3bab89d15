import { Test } from '@nestjs/testing';
import { resilienceUpdateTopic } from '@shop/contracts';
import { ResilienceRegistry } from '@shop/resilience';

import { inspectKafkaMessage } from '../kafka/poison-guard';
import { changeResilienceSettings, resilienceSettingsOf } from './resilience-settings';
import { resilienceSettingsController } from './resilience-settings.controller';

const registryOf = () =>
  new ResilienceRegistry(
    {
      resilience: {
        dependencies: {
          payment_provider: {
            timeoutMs: 2_000,
            circuitBreaker: { mode: 'time', windowMs: 10_000, minimumCalls: 5, openMs: 2_000 },
          },
        },
      },
    },
    { metricsRegistry: false },
  );

describe('resilience settings of an app', () => {
  it('lists every dependency with its figures and the settings in force', () => {
    expect(resilienceSettingsOf(registryOf(), 'payments')).toEqual({
      service: 'payments',
      dependencies: {
        payment_provider: expect.objectContaining({
          circuit: 'closed',
          timeoutMs: 2_000,
          settings: expect.objectContaining({
            timeoutMs: 2_000,
            circuitBreaker: expect.objectContaining({ mode: 'time' }),
          }),
        }),
      },
    });
  });

  it('applies a change at once and answers the merged settings', () => {
    const registry = registryOf();
    const change = changeResilienceSettings(registry, 'payments', {
      dependency: 'payment_provider',
      patch: { timeoutMs: 300, circuitBreaker: { minimumCalls: 10 } },
    });
    expect(change).toMatchObject({
      service: 'payments',
      dependency: 'payment_provider',
      settings: { timeoutMs: 300, circuitBreaker: { mode: 'time', windowMs: 10_000, minimumCalls: 10 } },
      summary: { timeoutMs: 300 },
    });
    expect(registry.get('payment_provider').timeout?.budgetMs).toBe(300);
  });

  it('refuses a bad setting as VALIDATION naming its key path, and changes nothing', () => {
    const registry = registryOf();
    for (const [patch, field] of [
      [{ timeoutMs: 'soon' }, 'resilience.dependencies.payment_provider.timeoutMs'],
      [{ circuitBreaker: { windowMS: 5 } }, 'resilience.dependencies.payment_provider.circuitBreaker.windowMS'],
      // A rule only the merged whole can break: a token bucket needs its refill rate too.
      [{ rateLimit: { capacity: 5 } }, 'resilience.dependencies.payment_provider.rateLimit.refillPerSecond'],
    ] as const) {
      expect(() => changeResilienceSettings(registry, 'payments', { dependency: 'payment_provider', patch })).toThrow(
        expect.objectContaining({ code: 'VALIDATION', field }),
      );
    }
    expect(registry.get('payment_provider').settings.timeoutMs).toBe(2_000);
    expect(registry.get('payment_provider').rateLimit).toBeUndefined();
  });

  it('refuses a dependency the app does not have as NOT_FOUND, naming those it has', () => {
    for (const dependency of ['carrier', '__proto__', 'constructor'])
      expect(() => changeResilienceSettings(registryOf(), 'payments', { dependency, patch: {} })).toThrow(
        expect.objectContaining({
          code: 'NOT_FOUND',
          field: 'dependency',
          message: `payments has no resilience dependency ${dependency} (it has: payment_provider)`,
        }),
      );
  });
});

describe('resilienceSettingsController', () => {
  it('answers the gateway with result values: the settings, or the error as a value', async () => {
    const registry = registryOf();
    const controller = resilienceSettingsController('payments');
    const moduleRef = await Test.createTestingModule({
      controllers: [controller],
      providers: [{ provide: ResilienceRegistry, useValue: registry }],
    }).compile();
    const handlers = moduleRef.get<{
      settings(): Promise<unknown>;
      update(request: unknown): Promise<unknown>;
    }>(controller);
    await expect(handlers.settings()).resolves.toMatchObject({
      ok: true,
      data: { service: 'payments', dependencies: { payment_provider: { timeoutMs: 2_000 } } },
    });
    await expect(handlers.update({ dependency: 'payment_provider', patch: { timeoutMs: 250 } })).resolves.toMatchObject(
      { ok: true, data: { settings: { timeoutMs: 250 } } },
    );
    await expect(handlers.update({ dependency: 'payment_provider', patch: { timeoutMs: -1 } })).resolves.toEqual({
      ok: false,
      error: {
        code: 'VALIDATION',
        message: 'resilience.dependencies.payment_provider.timeoutMs: must be >= 1, got -1',
        field: 'resilience.dependencies.payment_provider.timeoutMs',
      },
    });
  });

  it('takes only the envelope its contract allows; the patch itself is left to the registry', () => {
    const topic = resilienceUpdateTopic('payments');
    const verdict = (value: unknown) => inspectKafkaMessage(topic, Buffer.from(JSON.stringify(value)));
    expect(verdict({ dependency: 'payment_provider', patch: { timeoutMs: 'soon' } })).toEqual({ ok: true });
    for (const bad of [
      { dependency: 'payment_provider', patch: [1] },
      { dependency: 'payment_provider' },
      { dependency: 'x'.repeat(65), patch: {} },
      { dependency: 'payment_provider', patch: {}, service: 'payments' },
    ])
      expect(verdict(bad)).toMatchObject({ ok: false, reason: 'INVALID_SHAPE' });
  });
});
