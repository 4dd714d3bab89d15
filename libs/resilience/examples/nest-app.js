'use strict';
// Nest example of @shop/resilience/nest: ResilienceModule.forRoot and a @Resilient method with a
// fallback. Plain JavaScript, so the decorators are applied the way the TypeScript compiler
// applies them (Reflect.decorate); in TypeScript you write `@Resilient(...)` above the method.
// Needs @nestjs/common, @nestjs/core, @nestjs/terminus, reflect-metadata and rxjs.
// Run it as it is: `node nest-app.js`.
require('reflect-metadata');
const { Injectable, Module } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const { ResilienceRegistry } = require('@shop/resilience');
const { ResilienceHealthIndicator, ResilienceModule, Resilient } = require('@shop/resilience/nest');

/** What TypeScript emits for method decorators: the decorated descriptor replaces the method. */
function decorateMethod(target, key, decorators) {
  const descriptor = Object.getOwnPropertyDescriptor(target.prototype, key);
  Object.defineProperty(target.prototype, key, Reflect.decorate(decorators, target.prototype, key, descriptor));
}

class PaymentsService {
  constructor() {
    this.gatewayUp = true;
    this.gatewayCalls = 0;
  }

  /** `signal` (parameter 1) aborts when the dependency's timeout fires. */
  async charge(orderId, signal) {
    this.gatewayCalls++;
    if (signal.aborted) throw signal.reason;
    if (!this.gatewayUp) throw new Error('payment gateway 503');
    return `charged ${orderId}`;
  }

  /** The fallback: same arguments, after the cause. */
  acceptLater(cause, orderId) {
    return `accepted ${orderId} for later (${cause.kind})`;
  }
}
decorateMethod(PaymentsService, 'charge', [Resilient('payment_gateway', { fallback: 'acceptLater', signalParam: 1 })]);
Injectable()(PaymentsService);

class AppModule {}
Module({
  imports: [
    ResilienceModule.forRoot({
      // Or `configPath: 'config/resilience.yaml'`; no metricsRegistry and no prom-client: no metrics.
      config: {
        resilience: {
          dependencies: {
            payment_gateway: {
              timeoutMs: 500,
              bulkhead: { maxConcurrent: 5 },
              circuitBreaker: { enabled: true, failureThreshold: 1, openMs: 30_000 },
            },
          },
        },
      },
    }),
  ],
  providers: [PaymentsService],
})(AppModule);

async function main() {
  const app = await NestFactory.createApplicationContext(AppModule, { logger: false });
  const payments = app.get(PaymentsService);
  console.log(await payments.charge('o-1'));
  payments.gatewayUp = false;
  console.log(await payments.charge('o-2')); // fails: the fallback answers, the breaker opens
  console.log(await payments.charge('o-3')); // short-circuited: the gateway is not called
  console.log(`gateway calls: ${payments.gatewayCalls}`);
  const health = app.get(ResilienceHealthIndicator).check().resilience;
  console.log(`health: ${health.status}, degraded: ${health.degraded.join(',')}`);
  console.log(`circuit: ${app.get(ResilienceRegistry).summary().payment_gateway.circuit}`);
  await app.close();
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
