import { join } from 'node:path';

import { Injectable } from '@nestjs/common';
import { HealthCheckService, TerminusModule } from '@nestjs/terminus';
import { Test } from '@nestjs/testing';
import { Registry } from 'prom-client';

import { isResilienceConfigError } from '../errors';
import { ResilienceRegistry } from '../resilience.registry';
import { getResilienceRegistry } from './registry-holder';
import { RESILIENCE_REGISTRY } from './resilience.constants';
import { Resilient } from './resilience.decorators';
import { ResilienceHealthIndicator } from './resilience.health';
import { ResilienceModule } from './resilience.module';

@Injectable()
class PaymentsService {
  @Resilient('payment_gateway', { fallback: () => 'queued for later' })
  async capture(orderId: string, signal?: AbortSignal): Promise<string> {
    if (signal === undefined) throw new Error('no signal offered');
    if (orderId === 'bad') throw new Error('gateway 500');
    return `captured ${orderId}`;
  }
}

const config = {
  resilience: {
    dependencies: {
      payment_gateway: {
        bulkhead: { kind: 'semaphore', maxConcurrent: 5 },
        timeoutMs: 25000,
        circuitBreaker: { enabled: true, failureThreshold: 1 },
      },
      redis_cache: { bulkhead: { maxConcurrent: 100 }, timeoutMs: 1500, circuitBreaker: { enabled: false } },
    },
  },
};

describe('ResilienceModule in a Nest TestingModule', () => {
  it('exposes the registry globally, drives @Resilient, and reports health without failing on an open breaker', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [ResilienceModule.forRoot({ config, metricsRegistry: new Registry() }), TerminusModule],
      providers: [PaymentsService],
    }).compile();
    await moduleRef.init();

    const registry = moduleRef.get(ResilienceRegistry);
    expect(moduleRef.get(RESILIENCE_REGISTRY)).toBe(registry);
    expect(getResilienceRegistry()).toBe(registry);

    const payments = moduleRef.get(PaymentsService);
    await expect(payments.capture('o-1')).resolves.toBe('captured o-1');
    await expect(payments.capture('bad')).resolves.toBe('queued for later'); // failure → breaker opens (threshold 1)
    expect(registry.get('payment_gateway').breaker?.state).toBe('open');
    await expect(payments.capture('o-2')).resolves.toBe('queued for later'); // short-circuited → fallback

    const indicator = moduleRef.get(ResilienceHealthIndicator);
    const health = moduleRef.get(HealthCheckService);
    const result = await health.check([() => indicator.check('resilience')]);
    expect(result.status).toBe('ok');
    expect(result.info?.resilience).toMatchObject({ status: 'up', degraded: ['payment_gateway'] });
    expect(
      (result.info?.resilience as { dependencies: Record<string, { circuit: string; bulkhead: string }> }).dependencies
        .payment_gateway,
    ).toMatchObject({ circuit: 'open', bulkhead: '0/5' });

    await moduleRef.close();
    expect(getResilienceRegistry()).toBeUndefined();
  });

  it("loads a service's section of configPath and fails at start-up naming a bad key", async () => {
    const good = await Test.createTestingModule({
      imports: [
        ResilienceModule.forRoot({
          configPath: join(__dirname, '../../../../config/resilience.yaml'),
          service: 'payments',
          dependencies: ['payment_provider'],
          env: {},
          metricsRegistry: new Registry(),
        }),
      ],
    }).compile();
    expect(good.get(ResilienceRegistry).names()).toEqual(['payment_provider']);
    await good.close();

    const unknown = await Test.createTestingModule({
      imports: [
        ResilienceModule.forRoot({
          configPath: join(__dirname, '../../../../config/resilience.yaml'),
          service: 'payments',
          dependencies: ['payment_provider'],
          env: { RESILIENCE__PAYMENT_PROVIDER__RETRY__MAX_ATTEMPTS: 'two' },
          metricsRegistry: false,
        }),
      ],
    })
      .compile()
      .catch((e: unknown) => e);
    expect((unknown as Error).message).toBe(
      'resilience.services.payments.dependencies.payment_provider.retry.maxAttempts: expected a number, got "two" (from RESILIENCE__PAYMENT_PROVIDER__RETRY__MAX_ATTEMPTS)',
    );

    const bad = { resilience: { dependencies: { payment_gateway: { bulkhead: { maxConcurent: 5 } } } } };
    const err = await Test.createTestingModule({
      imports: [ResilienceModule.forRoot({ config: bad, metricsRegistry: false })],
    })
      .compile()
      .catch((e: unknown) => e);
    expect(isResilienceConfigError(err)).toBe(true);
    expect((err as Error).message).toContain(
      'resilience.dependencies.payment_gateway.bulkhead.maxConcurent: unknown key',
    );
  });
});
