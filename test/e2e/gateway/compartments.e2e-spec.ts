import { randomUUID } from 'node:crypto';

import { urlOf } from '../support/fleet';
import { adminKey, Answer, burst, clearFault, gateway, setFault } from './gateway-client';

/** How many requests the gateway shed at the door for a compartment (its http metric). */
async function shedAtTheDoor(compartment: string): Promise<number> {
  const metrics = await (await fetch(urlOf('gateway', '/metrics'))).text();
  const line = metrics
    .split('\n')
    .find((l) => l.startsWith('http_request_duration_seconds_count{') && l.includes(`route="shed:${compartment}"`));
  return line ? Number(line.split(' ').pop()) : 0;
}

jest.setTimeout(60_000);

const breaker = (enabled: boolean) =>
  gateway('/api/admin/resilience/ml_advisor', { method: 'PATCH', body: { circuitBreaker: { enabled } }, admin: true });

describe('priority compartments', () => {
  beforeAll(async () => {
    // A hung advisor makes every background request hold its slot for the whole advisor timeout.
    // The advisor's breaker would open and hide that; switched off, the overload is all the
    // compartments' to handle.
    await breaker(false);
    await setFault('ml_advisor', { mode: 'hang' });
    await gateway('/api/pets/DOG-BED-L'); // cache the product
  });

  afterAll(async () => {
    await clearFault('ml_advisor');
    await breaker(true);
    await gateway('/api/admin/compartments', { method: 'PUT', body: { enabled: true }, admin: true });
  });

  it('lists each compartment’s bulkhead and can be switched at runtime', async () => {
    const status = await gateway('/api/admin/compartments', { admin: true });
    expect(status.body).toMatchObject({
      enabled: true,
      compartments: { critical: { bulkhead: expect.any(String) }, background: { bulkhead: '0/8' } },
    });
    expect(
      (await gateway('/api/admin/compartments', { method: 'PUT', body: { enabled: 'yes' }, admin: true })).body,
    ).toMatchObject({ statusCode: 400, field: 'enabled' });
  });

  it('under overload rejects background requests (503, Retry-After) while critical and important ones are all served', async () => {
    // The operator key exempts the load from the per-client rate limit, so only compartments act.
    const admin = { headers: { 'x-admin-key': adminKey() } };
    const shedBefore = await shedAtTheDoor('background');
    const background: Promise<Answer[]> = burst(300, 48, () =>
      gateway('/api/recommendations?productId=DOG-BED-L', admin),
    );
    const important: Promise<Answer[]> = burst(60, 4, () => gateway('/api/pets/DOG-BED-L', admin));
    // An order lookup over Kafka: unknown ids answer 404 from orders — served, not shed.
    const critical: Promise<Answer[]> = burst(60, 4, () => gateway(`/api/orders/${randomUUID()}`, admin));
    const [bg, imp, crit] = await Promise.all([background, important, critical]);

    const rejected = bg.filter((a) => a.status === 503);
    expect(rejected.length).toBeGreaterThan(0);
    expect(rejected[0].headers.get('retry-after')).toBe('1');
    expect(rejected[0].headers.get('x-compartment')).toBe('background');
    expect(rejected[0].body).toMatchObject({
      statusCode: 503,
      message: expect.stringContaining('compartment_background'),
      requestId: rejected[0].headers.get('x-request-id'),
    });
    expect(rejected[0].headers.get('x-content-type-options')).toBe('nosniff');
    // Most refusals never reached Express: the door shed answered them.
    expect((await shedAtTheDoor('background')) - shedBefore).toBeGreaterThan(rejected.length / 2);
    // The ones admitted waited for the hung advisor and answered degraded.
    expect(bg.filter((a) => a.status === 200).every((a) => a.body.degraded === true)).toBe(true);

    expect(crit.map((a) => a.status)).toEqual(crit.map(() => 404));
    expect(crit[0].headers.get('x-compartment')).toBe('critical');
    expect(imp.map((a) => a.status)).toEqual(imp.map(() => 200));
    // Important pages still show the product; their recommendations are degraded like everyone's.
    expect(imp.every((a) => a.body.product.id === 'DOG-BED-L')).toBe(true);
  });
});
