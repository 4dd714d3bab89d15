'use strict';
// Plain Node example of @shop/resilience (no Nest, no prom-client): a hand-composed stack of
// retry, circuit breaker and timeout, then a named dependency built from YAML by the registry.
// Run it as it is: `node plain-node.js` in a project that has installed @shop/resilience.
const { join } = require('node:path');

const {
  CircuitBreakerPolicy,
  isBrokenCircuitError,
  isTimeoutError,
  ResilienceRegistry,
  RetryPolicy,
  TimeoutPolicy,
  wrap,
} = require('@shop/resilience');

/** A pretend stock service: answers after `ms`, or fails the first `failures` calls; honours the signal. */
function stockService({ ms = 5, failures = 0 } = {}) {
  const service = { calls: 0 };
  service.read = (sku, signal) => {
    service.calls++;
    const call = service.calls;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        if (call <= failures) reject(new Error(`stock service 503 (call ${call})`));
        else resolve({ sku, available: 7 });
      }, ms);
      signal.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(signal.reason);
      });
    });
  };
  return service;
}

async function composedStack() {
  // Outermost first: each retry attempt asks the breaker again, and the timeout bounds one attempt.
  const retry = new RetryPolicy({ maxAttempts: 3, initialDelayMs: 10, jitter: 'none', idempotent: true });
  const breaker = new CircuitBreakerPolicy({ dependency: 'stock', failureThreshold: 3, openMs: 60_000 });
  const timeout = new TimeoutPolicy({ timeoutMs: 50, dependency: 'stock' });
  const stack = wrap(retry, breaker, timeout);
  retry.onRetry((e) => console.log(`retry: attempt ${e.attempt} in ${e.delayMs} ms`));
  breaker.onStateChange((e) => console.log(`breaker: ${e.from} -> ${e.to}`));

  const flaky = stockService({ failures: 1 });
  const stock = await stack.execute(({ signal }) => flaky.read('sku-1', signal));
  console.log(`flaky: ${stock.available} available after ${flaky.calls} calls`);

  const slow = stockService({ ms: 1000 });
  let lastSignal;
  const error = await stack
    .execute(({ signal }) => {
      lastSignal = signal;
      return slow.read('sku-2', signal);
    })
    .catch((e) => e);
  console.log(`slow: timeout=${isTimeoutError(error)} after ${slow.calls} calls, signal aborted=${lastSignal.aborted}`);

  const dead = stockService();
  const refused = await stack.execute(({ signal }) => dead.read('sku-3', signal)).catch((e) => e);
  console.log(`open: broken-circuit=${isBrokenCircuitError(refused)}, calls made=${dead.calls}`);
}

async function registryFromYaml() {
  // No metricsRegistry and no prom-client installed: the registry runs without metrics.
  const registry = ResilienceRegistry.fromFile({ path: join(__dirname, 'resilience.yaml'), env: {} });
  const stock = registry.get('stock_service');
  const down = stockService({ failures: Infinity });
  const answer = await stock.executeDetailed(({ signal }) => down.read('sku-4', signal), {
    idempotent: true,
    fallback: (cause) => ({ sku: 'sku-4', available: 0, stale: true, cause: cause.kind }),
  });
  console.log(`registry: outcome=${answer.outcome} cause=${answer.value.cause} calls=${down.calls}`);
  const summary = registry.summary().stock_service;
  console.log(`registry: circuit=${summary.circuit} recentCalls=${summary.recentCalls} timeoutMs=${summary.timeoutMs}`);
  await registry.close();
}

composedStack()
  .then(registryFromYaml)
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
