import { gateway } from '../gateway/gateway-client';
import { eventually, urlOf } from '../support/fleet';

/** The dashboard's routes without a browser: the page and its assets, the state, the scenarios. */

describe('dashboard routes', () => {
  it('serves the page publicly, with its script modules and styles from the same origin under the CSP', async () => {
    const page = await fetch(urlOf('gateway', '/dashboard'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('<script type="module" src="/dashboard/dashboard.js"></script>');
    expect(html).not.toMatch(/<script>|https?:\/\//);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    // The script is ES modules: the entry imports the others, each served the same way.
    const script = await fetch(urlOf('gateway', '/dashboard/dashboard.js'));
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await script.text()).toContain("from './api.js'");
    const api = await fetch(urlOf('gateway', '/dashboard/api.js'));
    expect(api.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await api.text()).toContain("'x-admin-key'");
    expect((await fetch(urlOf('gateway', '/dashboard/no-such-module.js'))).status).toBe(404);
    expect((await fetch(urlOf('gateway', '/dashboard/dashboard.css'))).headers.get('content-type')).toMatch(
      /^text\/css/,
    );
  });

  it('answers state and scenarios only with the admin key', async () => {
    expect((await gateway('/api/admin/dashboard/state')).status).toBe(401);
    expect(
      (await gateway('/api/admin/dashboard/state', { headers: { 'x-admin-key': 'wrong-key-wrong-key' } })).status,
    ).toBe(403);
    expect((await gateway('/api/admin/scenarios/order-burst', { method: 'POST', body: {} })).status).toBe(401);
  });

  it('shows the gateway’s dependencies from its registry and every backend’s from its /metrics, the write-behind stores and the compartment queues', async () => {
    const { status, body } = await gateway('/api/admin/dashboard/state', { admin: true });
    expect(status).toBe(200);
    const service = (name: string) => body.services.find((s: { service: string }) => s.service === name);
    expect(service('gateway').dependencies).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          dependency: 'ml_advisor',
          circuit: expect.stringMatching(/closed|open|half-open/),
          bulkhead: expect.objectContaining({ max: expect.any(Number), lanes: expect.any(Object) }),
        }),
      ]),
    );
    expect(service('payments')).toMatchObject({
      reachable: true,
      dependencies: expect.arrayContaining([
        expect.objectContaining({ dependency: 'payment_provider', circuit: expect.any(String) }),
      ]),
    });
    expect(service('orders').dependencies.map((d: { dependency: string }) => d.dependency)).toContain('carrier');
    expect(service('notifications').dependencies.map((d: { dependency: string }) => d.dependency)).toContain(
      'notification_provider',
    );
    expect(body.writeBehind).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          service: 'gateway',
          store: 'activity-logs',
          pending: expect.any(Number),
          lagSeconds: expect.any(Number),
        }),
      ]),
    );
    expect(body.jobQueues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          service: 'notifications',
          queue: 'notices',
          compartment: 'critical',
          workers: 8,
          waiting: expect.any(Number),
        }),
        expect.objectContaining({
          service: 'notifications',
          queue: 'notices',
          compartment: 'background',
          workers: 2,
          waiting: expect.any(Number),
        }),
      ]),
    );
  });

  it('refuses an unknown scenario or a bad holdMs, naming the field', async () => {
    expect(
      (await gateway('/api/admin/scenarios/meteor-strike', { method: 'POST', body: {}, admin: true })).body,
    ).toMatchObject({ statusCode: 400, field: 'name' });
    expect(
      (await gateway('/api/admin/scenarios/hung-advisor', { method: 'POST', body: { holdMs: 5 }, admin: true })).body,
    ).toMatchObject({ statusCode: 400, field: 'holdMs' });
  });

  it('a burst of orders runs once at a time, counts the answers and leaves sagas to look at', async () => {
    const first = await gateway('/api/admin/scenarios/order-burst', { method: 'POST', body: {}, admin: true });
    expect(first.status).toBe(202);
    const second = await gateway('/api/admin/scenarios/order-burst', { method: 'POST', body: {}, admin: true });
    expect(second.body).toMatchObject({ statusCode: 409, error: 'SCENARIO_RUNNING' });
    const run = await eventually(
      'the burst to finish',
      async () => {
        const r = (await gateway(`/api/admin/scenarios/runs/${first.body.id}`, { admin: true })).body;
        return r.status === 'running' ? undefined : r;
      },
      60_000,
    );
    expect(run.status).toBe('finished');
    const answers = run.requests['POST /api/orders'];
    expect(Object.values(answers).reduce((a: number, b) => a + (b as number), 0)).toBe(40);
    expect(answers['202']).toBeGreaterThan(0);
    expect(run.calls).toEqual(
      expect.arrayContaining([expect.objectContaining({ service: 'gateway', dependency: 'compartment_critical' })]),
    );
    const sagas = await eventually(
      'the sagas list to answer',
      async () => {
        const answer = await gateway('/api/sagas?limit=5', { admin: true });
        return answer.status === 200 ? answer.body : undefined;
      },
      20_000,
    );
    expect(sagas.length).toBeGreaterThan(0);
  });
});
