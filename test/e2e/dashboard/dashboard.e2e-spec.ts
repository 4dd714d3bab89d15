import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { BrowserContext, chromium, Page } from 'playwright-core';

import { adminKey, clearFault, gateway } from '../gateway/gateway-client';
import { eventually, ROOT, urlOf } from '../support/fleet';

/**
 * The dashboard in a real browser: Debian's Chromium driven by playwright-core. `npm test`
 * installs the package when it is missing (tools/fleet/chromium.mjs); without it this suite
 * fails, it is never skipped.
 */
const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = join(ROOT, 'artifacts', 'dashboard.png');

jest.setTimeout(90_000);

const breakerCell = (page: Page, service: string, dependency: string) =>
  page.locator(`#dependencies tr[data-service="${service}"][data-dependency="${dependency}"] .breaker`);

describe('the dashboard in Chromium', () => {
  let context: BrowserContext;
  let page: Page;
  let userDataDir: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `${CHROMIUM} is missing: the dashboard browser test needs Debian's chromium. Install it with \`apt-get install -y chromium\` (npm test does this when it runs as root).`,
      );
    }
    userDataDir = mkdtempSync(join(tmpdir(), 'dashboard-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 1400, height: 1100 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      // A Content-Security-Policy refusal shows up only here; refused admin calls (the wrong key) are expected.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
        pageErrors.push(message.text());
    });
  });

  afterAll(async () => {
    await clearFault('ml_advisor');
    await clearFault('payment_gateway');
    await context?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  });

  it('asks for the admin key, and refuses a wrong one', async () => {
    await page.goto(urlOf('gateway', '/dashboard'));
    await page.locator('#key-form').waitFor({ state: 'visible' });
    await page.fill('#admin-key', 'not-the-admin-key');
    await page.click('#key-form button[type="submit"]');
    await expectText(page, '#key-error', /refused \(403\)/);
    expect(await page.locator('#board').isHidden()).toBe(true);
  });

  it('shows every breaker live, runs the hung-advisor scenario and shows ml_advisor open, then closed again', async () => {
    await page.fill('#admin-key', adminKey());
    await page.click('#key-form button[type="submit"]');
    await expectText(page, '#status', /live · updated/);
    // An open breaker moves on only with the next call: earlier suites may have left one open.
    await untilClosed(page, 'gateway', 'ml_advisor', () => gateway('/api/recommendations?limit=1'));
    // Backend services' breakers come from their /metrics.
    await expectText(
      page,
      '#dependencies tr[data-service="payments"][data-dependency="payment_provider"] .breaker',
      /closed|half-open|open/,
    );
    // Product reads have a breaker and a fault switch of their own, named for inventory.
    await expectText(
      page,
      '#dependencies tr[data-service="gateway"][data-dependency="inventory_catalogue"] .breaker',
      /closed|half-open|open/,
    );
    await expectText(page, '#faults tr[data-fault="inventory_catalogue"]', /up/);
    expect(await page.locator('#faults tr[data-fault="database"]').count()).toBe(0);
    // The self-tuning layers, from the same /metrics: the payment provider's adaptive limit and
    // retry budget, the advisor's adaptive limit.
    await expectText(
      page,
      '#dependencies tr[data-service="payments"][data-dependency="payment_provider"] .adaptive',
      /^limit \d+ · retry budget \d+ left \(allowed \d+, refused \d+\)/,
    );
    await expectText(
      page,
      '#dependencies tr[data-service="gateway"][data-dependency="ml_advisor"] .adaptive',
      /^limit \d+/,
    );
    // Notifications' compartment queues, each with its own workers (the fourth column).
    await expectText(page, '#job-queues tr[data-queue="notices"][data-compartment="critical"] td:nth-child(4)', /^8$/);
    await expectText(
      page,
      '#job-queues tr[data-queue="notices"][data-compartment="background"] td:nth-child(4)',
      /^2$/,
    );

    await page.click('[data-scenario="hung-advisor"]');
    await eventually(
      'the dashboard to show ml_advisor open',
      async () => ((await breakerCell(page, 'gateway', 'ml_advisor').textContent()) === 'open' ? true : undefined),
      20_000,
    );
    expect(await breakerCell(page, 'gateway', 'ml_advisor').getAttribute('data-state')).toBe('open');
    await expectText(page, '#faults tr[data-fault="ml_advisor"]', /hang/);
    await expectText(page, '#transitions', /gateway\/ml_advisor: closed → open/);
    mkdirSync(join(ROOT, 'artifacts'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(existsSync(SCREENSHOT)).toBe(true);

    // The scenario clears the fault and keeps asking: the breaker half-opens and closes again.
    await expectText(page, '.run[data-run="hung-advisor"] .run-status', /finished/, 40_000);
    await eventually(
      'ml_advisor to close again',
      async () => ((await breakerCell(page, 'gateway', 'ml_advisor').textContent()) === 'closed' ? true : undefined),
      15_000,
    );
    await expectText(page, '#faults tr[data-fault="ml_advisor"]', /up/);
    expect(pageErrors).toEqual([]);
  });

  it('shows each dependency’s breaker rule, timeout, rate limit and deadlines, and a settings change at once', async () => {
    const cell = (service: string, dependency: string, column: string) =>
      `#dependencies tr[data-service="${service}"][data-dependency="${dependency}"] .${column}`;
    // As config/resilience.yaml gives them, reported by the app that owns each dependency.
    await expectText(
      page,
      cell('payments', 'payment_provider', 'breaker-rule'),
      /^time · last 10 s \(≥ 5 calls\): 50 % failed · or 80 % slower than 1 s · open 2\.00 s$/,
    );
    await expectText(
      page,
      cell('notifications', 'notification_provider', 'breaker-rule'),
      /^count · last 20 calls \(≥ 5\): 50 % failed · open 2\.00 s$/,
    );
    await expectText(
      page,
      cell('notifications', 'notification_provider', 'rate-limit'),
      /^sliding window · 50 per 1 s$/,
    );
    await expectText(page, cell('orders', 'carrier', 'rate-limit'), /^token bucket · bursts of 50, 25\/s$/);
    await expectText(
      page,
      cell('gateway', 'ml_advisor', 'breaker-rule'),
      /^consecutive · 5 failures in a row · open 5\.00 s$/,
    );
    await expectText(page, cell('gateway', 'cache', 'breaker-rule'), /^none$/);
    await expectText(page, cell('gateway', 'cache', 'timeout'), /^50 ms$/);
    await expectText(page, cell('payments', 'payment_provider', 'timeout'), /^2\.00 s$/);
    // Deadlines: per dependency (— until a deadline refuses or cuts a call), and per service.
    await expectText(
      page,
      cell('payments', 'payment_provider', 'deadlines'),
      /^(—|(\d+ not started)?(, )?(\d+ cut off)?)$/,
    );
    await expectText(page, '#service-deadlines tr[data-service="payments"] .expired', /^\d+$/);
    expect(await page.locator('#service-deadlines tr[data-service]').count()).toBe(6);
    expect(await page.locator('#settings-unknown').textContent()).toBe('');

    // A change through the admin route, in payments, shows at the next poll; then it goes back.
    const change = (timeoutMs: number) =>
      gateway('/api/admin/resilience/payments/payment_provider', { method: 'PATCH', body: { timeoutMs }, admin: true });
    expect((await change(1_900)).status).toBe(200);
    try {
      await expectText(page, cell('payments', 'payment_provider', 'timeout'), /^1\.90 s$/);
    } finally {
      expect((await change(2_000)).status).toBe(200);
    }
    await expectText(page, cell('payments', 'payment_provider', 'timeout'), /^2\.00 s$/);
    expect(pageErrors).toEqual([]);
  });

  it('a payment provider outage shows the payments service’s breaker open (from its /metrics), then closed', async () => {
    await untilClosed(page, 'payments', 'payment_provider', placeOneOrder);
    await page.click('[data-scenario="payment-outage"]');
    await eventually(
      'the dashboard to show payments/payment_provider open',
      async () =>
        (await breakerCell(page, 'payments', 'payment_provider').textContent()) === 'open' ? true : undefined,
      20_000,
    );
    await expectText(page, '#faults tr[data-fault="payment_gateway"]', /down/);
    await expectText(page, '#transitions', /payments\/payment_provider: closed → open/);
    await expectText(page, '.run[data-run="payment-outage"] .run-status', /finished/, 40_000);
    await eventually(
      'payments/payment_provider to close again',
      async () =>
        (await breakerCell(page, 'payments', 'payment_provider').textContent()) === 'closed' ? true : undefined,
      15_000,
    );
    await expectText(page, '#faults tr[data-fault="payment_gateway"]', /up/);
  });

  it('lists sagas and shows one saga’s steps and compensations', async () => {
    if ((await gateway('/api/sagas?limit=1', { admin: true })).body.length === 0) await placeOneOrder();
    const row = page.locator('#sagas tr.saga').first();
    await row.waitFor({ state: 'visible', timeout: 15_000 });
    await row.click();
    await expectText(page, '#saga-detail', /CREATE_ORDER/);
    expect(await page.locator('#saga-detail tr[data-step]').count()).toBe(6);
    await expectText(page, '#saga-detail tr[data-step="CHARGE_PAYMENT"]', /CHARGE_PAYMENT/);
  });

  it('the scenario run reports what it did: the fault, degraded answers and the breaker transitions', async () => {
    const { body } = await gateway('/api/admin/scenarios', { admin: true });
    const run = body.runs.find((r: { scenario: string }) => r.scenario === 'hung-advisor');
    expect(run).toMatchObject({
      status: 'finished',
      steps: expect.arrayContaining([expect.objectContaining({ message: 'fault ml_advisor cleared' })]),
    });
    expect(run.requests['GET /api/recommendations']['200 degraded']).toBeGreaterThan(0);
    expect(run.transitions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ service: 'gateway', dependency: 'ml_advisor', from: 'closed', to: 'open' }),
      ]),
    );
    expect(run.calls).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          service: 'gateway',
          dependency: 'ml_advisor',
          outcomes: expect.objectContaining({ fallback: expect.any(Number) }),
        }),
      ]),
    );
  });
});

/** Waits until the page shows the breaker closed, sending `call` through it while it does not. */
async function untilClosed(
  page: Page,
  service: string,
  dependency: string,
  call: () => Promise<unknown>,
): Promise<void> {
  await eventually(
    `${service}/${dependency} to show closed`,
    async () => {
      if ((await breakerCell(page, service, dependency).textContent({ timeout: 1_000 })) === 'closed') return true;
      await call();
      return undefined;
    },
    30_000,
  );
}

async function placeOneOrder(): Promise<void> {
  const answer = await gateway('/api/orders', {
    method: 'POST',
    headers: { 'idempotency-key': `dashboard-e2e-${Date.now()}` },
    body: {
      customerId: 'dashboard-e2e',
      items: [{ sku: 'DOG-TREATS-500', quantity: 1 }],
      payment: { method: 'card' },
      shippingAddress: { name: 'A', street: 'B 1', city: 'C', postalCode: '10115', country: 'DE' },
    },
  });
  expect(answer.status).toBe(202);
}

async function expectText(page: Page, selector: string, pattern: RegExp, timeoutMs = 15_000): Promise<void> {
  await eventually(
    `${selector} to match ${pattern}`,
    async () =>
      pattern.test((await page.locator(selector).first().textContent({ timeout: 1_000 })) ?? '') ? true : undefined,
    timeoutMs,
  );
}
