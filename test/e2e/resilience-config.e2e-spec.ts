import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { clearFault, gateway, setFault } from './gateway/gateway-client';
import {
  eventually,
  fleetCli,
  processNamed,
  ROOT,
  runApp,
  startExtraInstance,
  stopFleetProcess,
} from './support/fleet';

// What config/resilience.yaml (and its RESILIENCE__ overrides) says is what the owning app runs.
const CONFIG = join(ROOT, 'config', 'resilience.yaml');

/** A copy of the fleet file with `edit` applied, for RESILIENCE_CONFIG. */
function editedConfig(edit: (yaml: string) => string): string {
  const original = readFileSync(CONFIG, 'utf8');
  const edited = edit(original);
  expect(edited).not.toBe(original);
  const path = join(mkdtempSync(join(tmpdir(), 'resilience-e2e-')), 'resilience.yaml');
  writeFileSync(path, edited);
  return path;
}

/** A port beside the fleet's ones that no fleet process uses. */
const sparePort = (name: string, offset: number): number => processNamed(name).port + 900 + offset;

function gauge(metrics: string, name: string, dependency: string): number | undefined {
  const line = metrics.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(`dependency="${dependency}"`));
  return line === undefined ? undefined : Number(line.split(' ').pop());
}

describe('resilience settings come from config/resilience.yaml', () => {
  it('payments: a value changed in the file changes the payment provider bulkhead', async () => {
    const path = editedConfig((yaml) =>
      yaml.replace(
        'bulkhead: { kind: adaptive, maxConcurrent: 16, maxQueue: 200, maxWaitMs: 5000, limit: { min: 4, max: 64 } }',
        'bulkhead: { maxConcurrent: 3 }',
      ),
    );
    const payments = await startExtraInstance('payments', sparePort('payments', 1), { RESILIENCE_CONFIG: path });
    try {
      const metrics = await (await fetch(payments.url('/metrics'))).text();
      expect(gauge(metrics, 'resilience_bulkhead_max', 'payment_provider')).toBe(3);
      // A fixed bulkhead: no adaptive limit series.
      expect(gauge(metrics, 'resilience_bulkhead_limit', 'payment_provider')).toBeUndefined();
    } finally {
      await payments.stop();
    }
  });

  it('the payment provider and the advisor run the adaptive limits the file gives them', async () => {
    for (const [app, dependency, min, max] of [
      ['payments', 'payment_provider', 4, 64],
      ['gateway', 'ml_advisor', 8, 128],
    ] as const) {
      const metrics = await (await fetch(`http://127.0.0.1:${processNamed(app).port}/metrics`)).text();
      const limit = gauge(metrics, 'resilience_bulkhead_limit', dependency);
      expect(limit).toBeGreaterThanOrEqual(min);
      expect(limit).toBeLessThanOrEqual(max);
      // The bulkhead's maximum is the adaptive limit in force.
      expect(gauge(metrics, 'resilience_bulkhead_max', dependency)).toBe(limit);
    }
  });

  it("gateway: a hung advisor's recommendation is hedged (counted in resilience_hedge_total)", async () => {
    const hedges = async (): Promise<number> => {
      const metrics = await (await fetch(`http://127.0.0.1:${processNamed('gateway').port}/metrics`)).text();
      const line = metrics
        .split('\n')
        .find(
          (l) =>
            l.startsWith('resilience_hedge_total{') &&
            l.includes('dependency="ml_advisor"') &&
            l.includes('result="started"'),
        );
      return line === undefined ? 0 : Number(line.split(' ').pop());
    };
    // Earlier suites may have left the breaker open or spent the hedge budget (5 % of calls):
    // wait for answers with recommendations, then 20 more calls earn one hedge.
    await clearFault('ml_advisor');
    await eventually('recommendations from the advisor', async () =>
      (await gateway<{ degraded: boolean }>('/api/recommendations?limit=1')).body.degraded === false ? true : undefined,
    );
    for (let i = 0; i < 20; i++) await gateway('/api/recommendations?limit=1');
    const before = await hedges();
    expect((await setFault('ml_advisor', { mode: 'hang' })).status).toBe(200);
    try {
      const answer = await gateway<{ degraded: boolean }>('/api/recommendations?limit=1');
      expect(answer.status).toBe(200);
      expect(answer.body.degraded).toBe(true);
    } finally {
      await clearFault('ml_advisor');
    }
    expect(await hedges()).toBe(before + 1);
  });

  it('orders and payments run the retry budgets the file gives the carrier and the payment provider', async () => {
    for (const [app, dependency] of [
      ['orders', 'carrier'],
      ['payments', 'payment_provider'],
    ] as const) {
      const metrics = await (await fetch(`http://127.0.0.1:${processNamed(app).port}/metrics`)).text();
      expect(gauge(metrics, 'resilience_retry_budget_balance', dependency)).toBeGreaterThanOrEqual(0);
    }
    // The settings themselves, as the owning app reports them.
    const path = editedConfig((yaml) =>
      yaml.replace(
        'budget: { ratio: 0.1, minRetriesPerSecond: 1, windowMs: 10000 }\n          circuitBreaker:\n            mode: time',
        'budget: { enabled: false }\n          circuitBreaker:\n            mode: time',
      ),
    );
    const payments = await startExtraInstance('payments', sparePort('payments', 3), { RESILIENCE_CONFIG: path });
    try {
      const metrics = await (await fetch(payments.url('/metrics'))).text();
      expect(gauge(metrics, 'resilience_retry_budget_balance', 'payment_provider')).toBeUndefined();
    } finally {
      await payments.stop();
    }
  });

  it('payments: a RESILIENCE__ override changes the same setting', async () => {
    const payments = await startExtraInstance('payments', sparePort('payments', 2), {
      RESILIENCE__PAYMENT_PROVIDER__BULKHEAD__MAX_CONCURRENT: '5',
    });
    try {
      const metrics = await (await fetch(payments.url('/metrics'))).text();
      expect(gauge(metrics, 'resilience_bulkhead_max', 'payment_provider')).toBe(5);
    } finally {
      await payments.stop();
    }
  });

  it('gateway: the status deadline is the status dependencies’ timeout, from the file or an override', async () => {
    // The gateway's reply topic has one partition, read by one gateway: this one replaces the
    // fleet's for the test, which the fleet CLI starts again afterwards.
    await stopFleetProcess('gateway');
    const gateway = await startExtraInstance('gateway', sparePort('gateway', 1), {
      RESILIENCE__ORDERS_SERVICE__TIMEOUT_MS: '700',
      RESILIENCE__PAYMENTS_SERVICE__TIMEOUT_MS: '700',
      RESILIENCE__INVENTORY_SERVICE__TIMEOUT_MS: '700',
      RESILIENCE__NOTIFICATIONS_SERVICE__TIMEOUT_MS: '700',
      RESILIENCE__ML_ADVISOR_SERVICE__TIMEOUT_MS: '700',
    });
    try {
      const body = (await (await fetch(gateway.url('/api/system/status'))).json()) as { deadlineMs: number };
      expect(body.deadlineMs).toBe(700);
    } finally {
      await gateway.stop();
      await fleetCli('start');
    }
    const fleet = (await (
      await fetch(`http://127.0.0.1:${processNamed('gateway').port}/api/system/status`)
    ).json()) as { deadlineMs: number };
    expect(fleet.deadlineMs).toBe(1500);
  });

  it('a wrong type in an override stops the app at start-up, naming the key and the variable', async () => {
    const { code, output } = await runApp('payments', {
      PORT: String(sparePort('payments', 3)),
      RESILIENCE__PAYMENT_PROVIDER__TIMEOUT_MS: 'soon',
    });
    expect(code).toBe(1);
    expect(output).toContain(
      'resilience.services.payments.dependencies.payment_provider.timeoutMs: expected a number, got \\"soon\\" (from RESILIENCE__PAYMENT_PROVIDER__TIMEOUT_MS)',
    );
  });

  it('an unknown dependency in the file stops the app that would own it, naming it', async () => {
    const path = editedConfig((yaml) =>
      yaml.replace(
        '    orders:\n      dependencies:\n',
        '    orders:\n      dependencies:\n        carier: { timeoutMs: 5 }\n',
      ),
    );
    const { code, output } = await runApp('orders', {
      PORT: String(sparePort('orders', 1)),
      RESILIENCE_CONFIG: path,
    });
    expect(code).toBe(1);
    expect(output).toContain(
      'resilience.services.orders.dependencies.carier: unknown dependency: orders calls carrier',
    );
  });
});
