import { urlOf } from '../support/fleet';

// The notifications app's internal delivery log. Attempts are recorded by the notification
// sender through DeliveryLogService (covered on MariaDB by delivery-log.int-spec.ts); here the
// route and the store's wiring in the running app.
describe('notifications: GET /delivery-log', () => {
  it('answers an order without attempts with an empty page', async () => {
    const response = await fetch(urlOf('notifications', '/delivery-log?orderId=no-such-order-e2e'));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ items: [], nextCursor: null });
  });

  it('refuses a bad query with 400', async () => {
    for (const query of ['limit=0', 'limit=many', 'cursor=xyz', 'colour=blue']) {
      const response = await fetch(urlOf('notifications', `/delivery-log?${query}`));
      expect({ query, status: response.status }).toEqual({ query, status: 400 });
    }
  });

  it('reports the delivery-log store in readiness and its metrics on /metrics', async () => {
    const ready = (await (await fetch(urlOf('notifications', '/health/ready'))).json()) as {
      details: Record<string, { status: string }>;
    };
    expect(ready.details['write-behind-delivery-log']).toMatchObject({ status: 'up' });
    const text = await (await fetch(urlOf('notifications', '/metrics'))).text();
    expect(text).toMatch(/^write_behind_pending\{store="delivery-log"\} \d/m);
  });
});
