import { metricsOf, orderBody, orderWhen, placeOrder } from '../saga/saga-support';
import { eventually, urlOf } from '../support/fleet';
import { gateway } from './gateway-client';

jest.setTimeout(120_000);

interface SalesReport {
  from: string;
  to: string;
  orders: number;
  ordersByStatus: Record<string, number>;
  completed: { orders: number; units: number; revenueCents: number; itemsRevenueCents: number };
  byDay: { day: string; orders: number; completedOrders: number; revenueCents: number }[];
  topProducts: { sku: string; name: string; units: number; revenueCents: number }[];
}

// With the operator key, which the rate limit (5 reports per second per client) leaves alone:
// these tests ask for more than that, and the limit has its own test in hardening.e2e-spec.ts.
const report = (from: string, to: string) =>
  gateway<SalesReport>(`/api/reports/sales?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`, {
    admin: true,
  });

describe('GET /api/reports/sales (computed by orders)', () => {
  it('includes the orders placed through the gateway once they completed: counts, revenue and SKUs', async () => {
    // The suites run one at a time, so the orders placed in this window are ours.
    const from = new Date(Date.now() - 1).toISOString();
    const ids = [
      await placeOrder(
        orderBody([
          { sku: 'CAT-TOY-MOUSE', quantity: 2 },
          { sku: 'DOG-TREATS-500', quantity: 1 },
        ]),
      ),
      await placeOrder(orderBody([{ sku: 'CAT-TOY-MOUSE', quantity: 3 }])),
    ];
    const orders = await Promise.all(
      ids.map((id) => orderWhen(id, 'to be COMPLETED', (o) => o.status === 'COMPLETED')),
    );
    const to = new Date(Date.now() + 1).toISOString();

    const answer = await report(from, to);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-compartment')).toBe('background');
    const { body } = answer;
    expect(body).toMatchObject({
      from,
      to,
      orders: 2,
      ordersByStatus: expect.objectContaining({ COMPLETED: 2, PENDING: 0 }),
    });
    const lines = orders.flatMap(
      (o) => (o as unknown as { lines: { sku: string; quantity: number; unitPrice: number }[] }).lines,
    );
    const skuTotals = (sku: string) =>
      lines
        .filter((l) => l.sku === sku)
        .reduce((t, l) => ({ units: t.units + l.quantity, revenueCents: t.revenueCents + l.quantity * l.unitPrice }), {
          units: 0,
          revenueCents: 0,
        });
    expect(body.completed).toEqual({
      orders: 2,
      units: 6,
      revenueCents: orders.reduce((sum, o) => sum + o.total!, 0),
      itemsRevenueCents: lines.reduce((sum, l) => sum + l.quantity * l.unitPrice, 0),
    });
    expect(body.topProducts).toEqual(
      expect.arrayContaining([
        { sku: 'CAT-TOY-MOUSE', name: expect.any(String), ...skuTotals('CAT-TOY-MOUSE') },
        { sku: 'DOG-TREATS-500', name: expect.any(String), ...skuTotals('DOG-TREATS-500') },
      ]),
    );
    expect(body.topProducts).toHaveLength(2);
    expect(body.byDay.reduce((sum, d) => sum + d.completedOrders, 0)).toBe(2);
    expect(body.byDay.reduce((sum, d) => sum + d.revenueCents, 0)).toBe(body.completed.revenueCents);

    // The range is half-open and by placement time: a window ending at `from` leaves them out,
    // the same window stretched to `to` has exactly them more (earlier suites' orders are in both).
    const earlier = new Date(Date.parse(from) - 60_000).toISOString();
    const [before, including] = [(await report(earlier, from)).body, (await report(earlier, to)).body];
    expect(including.orders - before.orders).toBe(2);
  });

  it('answers 400 naming the field: bad dates at the gateway, a bad range from orders', async () => {
    const cases: [string, string, string][] = [
      ['yesterday', '2026-01-01', 'from'],
      ['2026-01-01', '2026-02-30', 'to'],
      ['2026-02-01', '2026-01-01', 'to'],
      ['2026-01-01', '2026-01-01', 'to'],
      ['2024-01-01', '2025-06-01', 'to'],
    ];
    for (const [from, to, field] of cases) {
      const answer = await report(from, to);
      expect({
        from,
        to,
        status: answer.status,
        field: answer.body && (answer.body as unknown as { field?: string }).field,
      }).toEqual({ from, to, status: 400, field });
    }
  });

  it('shows the reports’ own pool of one connection in orders’ metrics and readiness', async () => {
    expect((await report('2026-01-01', '2026-01-02')).status).toBe(200);
    await eventually(
      'a sales report in orders’ metrics',
      async () => {
        const text = await metricsOf('orders');
        return /orders_report_duration_seconds_count\{report="sales",outcome="ok"\} [1-9]/.test(text) &&
          /^orders_reports_pool_size 1$/m.test(text)
          ? true
          : undefined;
      },
      10_000,
    );
    const ready = (await (await fetch(urlOf('orders', '/health/ready'))).json()) as {
      details: Record<string, Record<string, unknown>>;
    };
    expect(ready.details.reports).toMatchObject({ status: 'up', poolSize: 1 });
    expect(ready.details.kafka).toMatchObject({ status: 'up', consumers: { main: 'joined', reports: 'joined' } });
  });
});
